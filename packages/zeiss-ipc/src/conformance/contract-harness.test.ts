import { Bus, type BusEvent } from '@labwire/core';
import { afterEach, describe, expect, it } from 'vitest';
import { type ZeissContractPeer, zeissContractHarness } from './contract-harness.js';

/** The harness handed to @labwire/conformance's connector contract, exercised here on its own. */
const peers: ZeissContractPeer[] = [];
afterEach(async () => {
  for (const p of peers.splice(0)) {
    await p.connector.stop();
    await p.close();
  }
});

const until = async (check: () => boolean) => {
  for (let i = 0; i < 500 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(check()).toBe(true);
};

for (const transport of zeissContractHarness.flags.transports) {
  describe(`zeiss contract harness over ${transport}`, () => {
    it('connects, browses, acknowledges, reports garbage, survives a drop', async () => {
      const peer = await zeissContractHarness.startPeer({
        bus: new Bus(),
        transport,
        reconnect: { initialDelayMs: 20, maxDelayMs: 100, jitter: 0 },
      });
      peers.push(peer);
      const events: BusEvent[] = [];
      peer.connector.subscribe('#', (e) => void events.push(e));
      await peer.connector.start();
      const listed = (await peer.connector.browse()).flatMap((d) =>
        d.properties.map((p) => `${d.name}/${p.name}`),
      );
      expect(listed).toEqual(expect.arrayContaining(peer.expectedProperties));
      await expect(peer.connector.command(peer.goodCommand)).resolves.toMatchObject({
        result: { text: 'O.k.' },
      });
      await expect(peer.connector.command(peer.missingCommand)).rejects.toMatchObject({ code: 'NOT_FOUND' });

      await peer.sendGarbage();
      await until(() =>
        events.some(
          (e) => e.kind === 'message' && e.severity === 'error' && e.code === 'ZEISS_UNEXPECTED_REPLY',
        ),
      );
      await expect(peer.connector.command(peer.goodCommand)).resolves.toBeTruthy();

      await peer.dropMidMessage();
      const states = () => events.flatMap((e) => (e.kind === 'connection' ? [e.state] : []));
      await until(() => states().includes('disconnected') && states().at(-1) === 'connected');
      expect(states().slice(-3)).toEqual(['disconnected', 'connecting', 'connected']);
      await expect(peer.connector.command(peer.goodCommand)).resolves.toBeTruthy();
    });
  });
}
