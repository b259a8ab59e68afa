import { Bus, type BusEvent } from '@labwire/core';
import { afterEach, describe, expect, it } from 'vitest';
import { startPymodaqContractPeer } from './contract-peer.js';
import { waitUntil } from '@labwire/testkit';

// What @labwire/conformance's contract suite relies on, checked here against the peer, plus the
// instrument drop the suite skips (the connector does not reconnect: its instruments do).
describe.each(['loopback', 'memory'] as const)('startPymodaqContractPeer over %s', (transport) => {
  const open: Array<Awaited<ReturnType<typeof startPymodaqContractPeer>>> = [];
  afterEach(async () => {
    for (const p of open.splice(0)) {
      await p.connector.stop();
      await p.close();
    }
  });
  const start = async () => {
    const peer = await startPymodaqContractPeer({
      bus: new Bus(),
      transport,
      split: { kind: 'random', seed: 3, maxChunk: 11 },
      reconnect: { initialDelayMs: 20, maxDelayMs: 100, jitter: 0 },
    });
    open.push(peer);
    const events: BusEvent[] = [];
    peer.connector.subscribe('#', (e) => void events.push(e));
    await peer.connector.start();
    await waitUntil('every instrument to identify', async () => {
      const listed = (await peer.connector.browse()).flatMap((d) =>
        d.properties.map((p) => `${d.name}/${p.name}`),
      );
      return peer.expectedProperties.every((p) => listed.includes(p));
    });
    return { peer, events };
  };
  const devices = async (peer: { connector: { browse(): Promise<Array<{ name: string }>> } }) =>
    (await peer.connector.browse()).map((d) => d.name).sort();

  it('names the instruments as configured and answers the contract commands', async () => {
    const { peer } = await start();
    expect(await devices(peer)).toEqual(['camera', 'silent', 'stage']);
    await expect(peer.connector.command(peer.goodCommand)).resolves.toMatchObject({
      result: { position: 1.5, units: 'mm' },
    });
    await expect(peer.connector.command(peer.missingCommand)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(peer.connector.command({ ...peer.silentCommand, timeoutMs: 150 })).rejects.toMatchObject({
      code: 'TIMEOUT',
    });
  });

  it('closes only the instrument that sent garbage, with its decoder code', async () => {
    const { peer, events } = await start();
    await peer.sendGarbage();
    const rogue = () =>
      events.flatMap((e) => (e.kind === 'message' && e.code === 'PYMODAQ_BAD_UTF8' ? [e.device] : []))[0];
    await waitUntil('the garbage error', () => rogue() !== undefined);
    expect(rogue()).toMatch(/^grabber-\d+$/);
    await waitUntil('the rogue device to go', () =>
      events.some((e) => e.kind === 'device' && e.change === 'removed' && e.device === rogue()),
    );
    expect(await devices(peer)).toEqual(['camera', 'silent', 'stage']);
    await expect(peer.connector.command(peer.goodCommand)).resolves.toBeTruthy();
  });

  it('reports a connection cut inside a message as TRUNCATED and drops only that device', async () => {
    const { peer, events } = await start();
    await peer.dropMidMessage();
    await waitUntil('the truncation error', () =>
      events.some((e) => e.kind === 'message' && e.severity === 'error' && e.code === 'TRUNCATED'),
    );
    await waitUntil('only the three instruments left', async () => (await devices(peer)).length === 3);
    expect(await devices(peer)).toEqual(['camera', 'silent', 'stage']);
    expect(peer.connector.state).toBe('connected');
  });
});
