import { Bus, type BusEvent, isLabwireError } from '@labwire/core';
import type { SplitStrategy } from '@labwire/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { INDI_CONTRACT_FLAGS, startIndiContractPeer } from './contract-peer.js';

async function until(what: string, check: () => boolean, ms = 5_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

const SPLITS: Array<[string, SplitStrategy]> = [
  ['every byte', { kind: 'every-byte' }],
  ['random sizes', { kind: 'random', seed: 7, maxChunk: 97 }],
];
const states = (events: BusEvent[]) => events.flatMap((e) => (e.kind === 'connection' ? [e.state] : []));
const names = (
  devices: Awaited<ReturnType<Awaited<ReturnType<typeof startIndiContractPeer>>['connector']['browse']>>,
) => devices.flatMap((d) => d.properties.map((p) => `${d.name}/${p.name}`)).sort();

// The scenarios of @labwire/conformance's connector contract, run here against the peer it will use.
for (const transport of INDI_CONTRACT_FLAGS.transports) {
  for (const [splitName, split] of SPLITS) {
    describe(`startIndiContractPeer over ${transport} (${splitName})`, () => {
      const open: Array<Awaited<ReturnType<typeof startIndiContractPeer>>> = [];
      afterEach(async () => {
        for (const p of open.splice(0)) {
          await p.connector.stop();
          await p.close();
        }
      });
      const start = async () => {
        const peer = await startIndiContractPeer({
          bus: new Bus(),
          transport,
          split,
          reconnect: { initialDelayMs: 20, maxDelayMs: 100, jitter: 0 },
        });
        open.push(peer);
        const events: BusEvent[] = [];
        peer.connector.subscribe('#', (e) => void events.push(e));
        await peer.connector.start();
        return { peer, events };
      };

      it('connects, browses every property, and delivers updates in order', async () => {
        const { peer, events } = await start();
        expect(states(events)).toEqual(['connecting', 'connected']);
        await until(
          'every property',
          () =>
            peer.connector.client.devices.size === 3 &&
            [...peer.connector.client.devices.values()].every((d) => d.vectors.size > 0),
        );
        await until('browse', () => {
          const listed = [...peer.connector.client.devices.values()].flatMap((d) =>
            [...d.vectors.keys()].map((v) => `${d.name}/${v}`),
          );
          return peer.expectedProperties.every((p) => listed.includes(p));
        });
        const { device, property, values } = await peer.emitUpdates(20);
        const mine = () =>
          events.filter(
            (e) =>
              e.kind === 'property' &&
              e.device === device &&
              e.property === property &&
              e.change === 'updated',
          );
        await until('updates', () => mine().length >= values.length);
        expect(mine().map((e) => (e.kind === 'property' ? e.members[0]?.value : undefined))).toEqual(values);
      });

      it('acknowledges a command, fails a missing target with a code, times out a silent one exactly once', async () => {
        const { peer, events } = await start();
        await peer.connector.client.waitForProperty('Contract Device', 'SILENT');
        await expect(peer.connector.command(peer.goodCommand)).resolves.toMatchObject({
          result: { state: 'ok' },
        });
        const missing = await peer.connector.command(peer.missingCommand).catch((e: unknown) => e);
        expect(isLabwireError(missing, 'NOT_FOUND')).toBe(true);
        await expect(
          peer.connector.command({ ...peer.silentCommand, id: 'silent', timeoutMs: 150 }),
        ).rejects.toMatchObject({ code: 'TIMEOUT' });
        await new Promise((r) => setTimeout(r, 200));
        expect(
          events.filter((e) => e.kind === 'command' && e.id === 'silent' && e.status !== 'accepted'),
        ).toHaveLength(1);
      });

      it('reconnects after a drop mid-message and rebuilds the same model', async () => {
        const { peer, events } = await start();
        await until('model', () => peer.connector.client.devices.size === 3);
        await peer.connector.client.ping();
        const before = names(await peer.connector.browse());
        const from = events.length;
        await peer.dropMidMessage();
        await until('reconnected', () => states(events.slice(from)).includes('connected'));
        expect(states(events.slice(from)).slice(0, 3)).toEqual(['disconnected', 'connecting', 'connected']);
        let after: string[] = [];
        await until('rebuilt', () => {
          void peer.connector.browse().then((d) => {
            after = names(d);
          });
          return after.join() === before.join();
        });
        const seqs = events.map((e) => e.seq);
        expect(new Set(seqs).size).toBe(seqs.length);
        await expect(peer.connector.command(peer.goodCommand)).resolves.toBeTruthy();
      });

      it('stop releases every socket and timer it opened', async () => {
        const peer = await startIndiContractPeer({
          bus: new Bus(),
          transport,
          split,
          reconnect: { initialDelayMs: 20, maxDelayMs: 100, jitter: 0 },
        });
        open.push(peer);
        const count = () => {
          const c = new Map<string, number>();
          for (const t of process.getActiveResourcesInfo()) c.set(t, (c.get(t) ?? 0) + 1);
          return c;
        };
        const before = count();
        await peer.connector.start();
        await peer.connector.client.waitForProperty('Contract Device', 'COUNTER');
        await peer.connector.command(peer.goodCommand);
        await peer.connector.stop();
        const grown = () =>
          ['TCPSocketWrap', 'Timeout', 'Immediate'].filter(
            (t) => (count().get(t) ?? 0) > (before.get(t) ?? 0),
          );
        await until('resources released', () => grown().length === 0, 2_000).catch(() => {});
        expect(grown()).toEqual([]);
      });

      it('reports garbage as coded error events and keeps the session', async () => {
        const { peer, events } = await start();
        await peer.connector.client.waitForProperty('Contract Device', 'COUNTER');
        await peer.sendGarbage();
        await until(
          'error events',
          () =>
            events.filter((e) => e.kind === 'message' && e.severity === 'error' && e.code !== undefined)
              .length >= 2,
        );
        expect(peer.connector.state).toBe('connected');
        await expect(peer.connector.command(peer.goodCommand)).resolves.toBeTruthy();
      });
    });
  }
}
