import { arbFuzzInput, memoryPair } from '@labwire/testkit';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeCommand, encodeEventFrame, encodeString } from '../codec/index.js';
import { ImbClient } from './imb-client.js';

const samples = [
  Buffer.concat([
    encodeCommand('icSetEventIDTranslation', { hubEventId: 7, clientEventId: 0 }),
    encodeEventFrame(7, 5, encodeString('hi')),
    encodeEventFrame(7, 1, Buffer.concat([Buffer.from([1, 0, 0, 0]), encodeString('s')])),
    encodeEventFrame(7, 2, Buffer.from([1, 0, 0, 0, 9, 9])),
    encodeEventFrame(7, 3, Buffer.from([1, 0, 0, 0])),
  ]),
  Buffer.concat([
    encodeCommand('icEventNames', {
      entries: [{ eventName: 'a', publishers: 1, subscribers: 2, timers: 0 }],
    }),
    encodeCommand('icSetVariable', { name: 'v', value: Buffer.from('x') }),
    encodeCommand('icPublish', { eventId: 1, eventEntryType: 0, eventName: 'n' }),
  ]),
];

describe('ImbClient with hostile input', () => {
  it('never throws, reports errors as events and stays connected', async () => {
    await fc.assert(
      fc.asyncProperty(arbFuzzInput(samples), async (input) => {
        const pair = memoryPair('stream');
        const client = new ImbClient('memory', 0, {
          ownerId: 1,
          ownerName: 'f',
          federation: 'f',
          transport: () => pair.client,
        });
        client.on('error', () => {});
        await client.connect();
        client.subscribe('e');
        pair.server.write(input);
        await new Promise((r) => setTimeout(r, 0));
        expect(client.connected).toBe(true);
        await client.disconnect({ endSession: false });
      }),
      { numRuns: 150 },
    );
  });
});
