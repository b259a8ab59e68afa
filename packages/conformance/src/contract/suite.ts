import { Bus, type BusEvent, type Connector, isLabwireError, parseTopic } from '@labwire/core';
import { type SplitStrategy, waitUntil } from '@labwire/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import type { ConnectorContractHarness, ContractPeer, ContractTransport } from './harness.js';
import { activeResources, waitForRelease } from './resources.js';

const FAST_RECONNECT = { initialDelayMs: 20, maxDelayMs: 100, jitter: 0 };

const propertyNames = (devices: Awaited<ReturnType<Connector['browse']>>) =>
  devices.flatMap((d) => d.properties.map((p) => `${d.name}/${p.name}`));

/**
 * `connected` means the session is up; the peer may still be sending its initial state (INDI
 * definitions, the IFCB hub's state dump). Scenarios that depend on the model start once
 * `browse()` lists everything the simulator serves.
 */
async function started(peer: ContractPeer, browse: boolean): Promise<void> {
  await peer.connector.start();
  if (!browse) return;
  await waitUntil(`browse to list ${peer.expectedProperties.join(', ')}`, async () => {
    const listed = propertyNames(await peer.connector.browse());
    return peer.expectedProperties.every((p) => listed.includes(p));
  });
}

function recorder(connector: Connector): BusEvent[] {
  const events: BusEvent[] = [];
  connector.subscribe('#', (e) => void events.push(e));
  return events;
}

const connectionStates = (events: BusEvent[]) =>
  events.flatMap((e) => (e.kind === 'connection' ? [e.state] : []));

/** The splits the stream scenarios run under: every byte, and random sizes. */
function splitsFor(framing: 'stream' | 'message'): Array<[string, SplitStrategy]> {
  return framing === 'stream'
    ? [
        ['every byte', { kind: 'every-byte' }],
        ['random sizes', { kind: 'random', seed: 7, maxChunk: 97 }],
      ]
    : [
        ['whole frames', { kind: 'whole' }],
        // Message transports: the peer's records re-batched into frames, one per frame or
        // several together (never cut). Harnesses whose protocol has one message per frame
        // (no records inside a frame) receive these splits and have nothing to re-batch.
        ['one record per frame', { kind: 'every-byte' }],
        ['records re-batched', { kind: 'random', seed: 7, maxChunk: 3 }],
      ];
}

/**
 * The connector contract: one suite, written once, that every protocol's connector runs
 * against its simulator with its capability flags (like unstorage's driver tests).
 */
export function describeConnectorContract(harness: ConnectorContractHarness): void {
  const { flags } = harness;
  for (const transport of flags.transports) {
    for (const [splitName, split] of splitsFor(flags.framing)) {
      describe(`${harness.name} connector contract over ${transport} (${splitName})`, () => {
        const open: Array<{ peer: ContractPeer; bus: Bus }> = [];
        const start = async (t: ContractTransport = transport) => {
          const bus = new Bus();
          const peer = await harness.startPeer({ bus, transport: t, split, reconnect: FAST_RECONNECT });
          open.push({ peer, bus });
          return { peer, bus };
        };
        afterEach(async () => {
          for (const { peer, bus } of open.splice(0)) {
            await peer.connector.stop();
            await peer.close();
            bus.close();
          }
        });

        it('starts and reaches connected', async () => {
          const { peer } = await start();
          const events = recorder(peer.connector);
          await started(peer, flags.browse);
          expect(peer.connector.state).toBe('connected');
          expect(connectionStates(events)).toEqual(['connecting', 'connected']);
        });

        it.skipIf(!flags.browse)('browses the devices and properties the simulator has', async () => {
          const { peer } = await start();
          await started(peer, true);
          expect(propertyNames(await peer.connector.browse())).toEqual(
            expect.arrayContaining(peer.expectedProperties),
          );
        });

        it.skipIf(!flags.updates)('delivers updates in order with monotonic seq', async () => {
          const { peer } = await start();
          await started(peer, flags.browse);
          const events = recorder(peer.connector);
          const { device, property, values } = await peer.emitUpdates!(20);
          const mine = () =>
            events.filter(
              (e) =>
                e.kind === 'property' &&
                e.device === device &&
                e.property === property &&
                e.change === 'updated',
            );
          await waitUntil(
            `${values.length} updates of ${device}/${property}`,
            () => mine().length >= values.length,
          );
          const seqs = events.map((e) => e.seq);
          for (let i = 1; i < seqs.length; i++) expect(seqs[i]).toBeGreaterThan(seqs[i - 1]!);
          const got = mine()
            .slice(-values.length)
            .map((e) => (e.kind === 'property' ? e.members.map((m) => m.value) : []));
          expect(got.map((v) => (v.length === 1 ? v[0] : v))).toEqual(values);
        });

        it('acknowledges a command, and fails a command to a missing target with a coded error', async () => {
          const { peer } = await start();
          await started(peer, flags.browse);
          const events = recorder(peer.connector);
          const ok = await peer.connector.command(peer.goodCommand);
          expect(ok.id).toBeTruthy();
          let error: unknown;
          try {
            await peer.connector.command(peer.missingCommand);
          } catch (err) {
            error = err;
          }
          expect(isLabwireError(error)).toBe(true);
          expect((error as { code: string }).code).toMatch(/^[A-Z][A-Z0-9_]+$/);
          const ends = events.filter(
            (e) => e.kind === 'command' && (e.status === 'done' || e.status === 'failed'),
          );
          expect(ends.map((e) => (e.kind === 'command' ? e.status : ''))).toEqual(['done', 'failed']);
        });

        it.skipIf(!flags.silentCommand)(
          'times out a command whose reply never comes, ending failed exactly once',
          async () => {
            const { peer } = await start();
            await started(peer, flags.browse);
            const events = recorder(peer.connector);
            const request = { ...peer.silentCommand!, id: 'contract-silent', timeoutMs: 150 };
            // TIMEOUT, or OUTCOME_UNKNOWN where the protocol says a sent command may still have
            // taken effect (ZEISS imports): either way, failed, and failed once.
            const error = await peer.connector.command(request).then(
              () => undefined,
              (err: unknown) => err,
            );
            expect(error).toMatchObject({ code: expect.stringMatching(/^(TIMEOUT|OUTCOME_UNKNOWN)$/) });
            await new Promise((r) => setTimeout(r, 250));
            const ends = events.filter(
              (e) => e.kind === 'command' && e.id === 'contract-silent' && e.status !== 'accepted',
            );
            expect(ends).toHaveLength(1);
            expect(ends[0]).toMatchObject({
              status: 'failed',
              error: { code: (error as { code: string }).code },
            });
          },
        );

        it.skipIf(!flags.reconnect)(
          'on a drop mid-message: disconnected, backoff, reconnect, state rebuilt, nothing duplicated',
          async () => {
            const { peer } = await start();
            await started(peer, flags.browse);
            const before = flags.browse ? await peer.connector.browse() : [];
            const events = recorder(peer.connector);
            await peer.dropMidMessage();
            await waitUntil('disconnected', () => connectionStates(events).includes('disconnected'));
            await waitUntil(
              'reconnected',
              () => connectionStates(events).filter((s) => s === 'connected').length >= 1,
            );
            expect(connectionStates(events).slice(0, 3)).toEqual(['disconnected', 'connecting', 'connected']);
            if (flags.browse && flags.resume === 'state') {
              const names = (list: typeof before) => propertyNames(list).sort().join();
              await waitUntil(
                'the model to be rebuilt',
                async () => names(await peer.connector.browse()) === names(before),
              );
              // Rebuilt from the peer, not kept from before: property events follow the drop (the
              // peer's state may arrive while connecting, before `connected` is published).
              const droppedAt = events.findIndex(
                (e) => e.kind === 'connection' && e.state === 'disconnected',
              );
              await waitUntil('property events from the peer after the drop', () =>
                events.slice(droppedAt + 1).some((e) => e.kind === 'property'),
              );
            }
            // No event from before the drop is delivered twice.
            const seqs = events.map((e) => e.seq);
            expect(new Set(seqs).size).toBe(seqs.length);
            await expect(peer.connector.command(peer.goodCommand)).resolves.toBeTruthy();
          },
        );

        it.skipIf(!flags.garbage)(
          'reports garbage as a coded error event; other connectors are unaffected',
          async () => {
            const { peer } = await start();
            const { peer: other } = await start();
            await started(peer, flags.browse);
            await started(other, flags.browse);
            const events = recorder(peer.connector);
            await peer.sendGarbage!();
            await waitUntil('an error event', () =>
              events.some((e) => e.kind === 'message' && e.severity === 'error' && e.code !== undefined),
            );
            await expect(other.connector.command(other.goodCommand)).resolves.toBeTruthy();
            expect(other.connector.state).toBe('connected');
            if (peer.connector.state === 'connected')
              await expect(peer.connector.command(peer.goodCommand)).resolves.toBeTruthy();
          },
        );

        it('stop releases every socket and timer it opened', async () => {
          const { peer } = await start();
          const before = activeResources();
          await started(peer, flags.browse);
          await peer.connector.command(peer.goodCommand);
          await peer.connector.stop();
          expect(peer.connector.state).toBe('stopped');
          expect(await waitForRelease(before)).toEqual([]);
        });
      });
    }
  }
}

/** Decodes a command target (`device/property[/member]`) for harnesses. */
export const targetSegments = (target: string): string[] => parseTopic(target);
