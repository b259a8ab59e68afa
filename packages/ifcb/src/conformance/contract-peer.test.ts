import { Bus, type BusEvent } from '@labwire/core';
import { afterEach, describe, expect, it } from 'vitest';
import { startIfcbContractPeer } from './contract-peer.js';

async function until(what: string, check: () => boolean, ms = 5_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

// The scenarios of @labwire/conformance's connector contract, run here against the peer it will use.
describe.each(['loopback', 'memory'] as const)('startIfcbContractPeer over %s', (transport) => {
  const open: Array<Awaited<ReturnType<typeof startIfcbContractPeer>>> = [];
  afterEach(async () => {
    for (const p of open.splice(0)) {
      await p.connector.stop();
      await p.close();
    }
  });
  const start = async () => {
    const peer = await startIfcbContractPeer({
      bus: new Bus(),
      transport,
      reconnect: { initialDelayMs: 20, maxDelayMs: 100, jitter: 0 },
    });
    open.push(peer);
    const events: BusEvent[] = [];
    peer.connector.subscribe('#', (e) => void events.push(e));
    await peer.connector.start();
    return { peer, events };
  };

  it('browses, updates in order, acknowledges, refuses and times out commands', async () => {
    const { peer, events } = await start();
    let listed: string[] = [];
    await until('browse', () => {
      void peer.connector.browse().then((d) => {
        listed = d.flatMap((x) => x.properties.map((p) => `${x.name}/${p.name}`));
      });
      return peer.expectedProperties.every((p) => listed.includes(p));
    });
    const { property, values } = await peer.emitUpdates(20);
    const mine = () =>
      events.filter((e) => e.kind === 'property' && e.property === property && e.change === 'updated');
    await until('updates', () => mine().length >= values.length);
    expect(
      mine()
        .slice(-20)
        .map((e) => (e.kind === 'property' ? e.members[0]?.value : undefined)),
    ).toEqual(values);
    await expect(peer.connector.command(peer.goodCommand)).resolves.toBeTruthy();
    await expect(peer.connector.command(peer.missingCommand)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(peer.connector.command({ ...peer.silentCommand, timeoutMs: 150 })).rejects.toMatchObject({
      code: 'TIMEOUT',
    });
  });

  it('reports garbage as coded errors, and reconnects after a drop mid-frame', async () => {
    const { peer, events } = await start();
    await peer.sendGarbage();
    await until('an error event', () =>
      events.some((e) => e.kind === 'message' && e.severity === 'error' && e.code !== undefined),
    );
    expect(peer.connector.state).toBe('connected');
    const from = events.length;
    await peer.dropMidMessage();
    const states = () => events.slice(from).flatMap((e) => (e.kind === 'connection' ? [e.state] : []));
    await until('reconnected', () => states().includes('connected'));
    expect(states().slice(0, 3)).toEqual(['disconnected', 'connecting', 'connected']);
    await expect(peer.connector.command(peer.goodCommand)).resolves.toBeTruthy();
  });
});
