import { arbFuzzInput, memoryPair } from '@labwire/testkit';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ZeissInspectSimulator } from './simulator.js';

const SAMPLES = [
  '{"image": {"file": "a.jpg", "name": "S", "focal_length": "50.0"}}',
  '{"elements": {"file": "p.gxml", "import_mode": "clipboard"}}',
  '[1, "a", null, true, {"k": "v"}]',
  'quit',
].map((s) => new Uint8Array(Buffer.from(s)));

/** Sends one message to a fresh connection; resolves with what came back. */
function exchange(sim: ZeissInspectSimulator, message: string | Uint8Array): Promise<string[]> {
  const pair = memoryPair('message');
  sim.server.accept(pair.server);
  return new Promise((resolve) => {
    const seen: string[] = [];
    pair.client.on('data', (d) => {
      seen.push(`text:${String(d)}`);
      // One reply came: end the connection ourselves (after bye the server already does).
      setTimeout(() => void pair.client.close(1000), 2);
    });
    pair.client.on('close', (info) => resolve([...seen, `close:${info.code ?? '-'}`]));
    void pair.client.open().then(() => pair.client.write(message));
  });
}

describe('simulator under random and mutated requests', () => {
  it('answers each with one reply or a close, never throws, keeps serving', async () => {
    const sim = new ZeissInspectSimulator({ host: { files: ['a.jpg', 'p.gxml'], series: ['S'] } });
    try {
      await fc.assert(
        fc.asyncProperty(arbFuzzInput(SAMPLES), fc.boolean(), async (bytes, asText) => {
          const outcome = await exchange(sim, asText ? Buffer.from(bytes).toString('utf8') : bytes);
          // Text: exactly one reply and then a 1000 close (ours, or the server's after bye), or a 1011 crash. Binary: 1011.
          if (!asText || outcome.length === 1) expect(outcome).toEqual(['close:1011']);
          else {
            expect(outcome).toHaveLength(2);
            expect(outcome[0]!.startsWith('text:')).toBe(true);
            expect(outcome[1]).toBe('close:1000');
          }
        }),
        { numRuns: 300 },
      );
      expect(await exchange(sim, '{}')).toEqual(['text:Error: Unknown request:\n{}', 'close:1000']);
    } finally {
      await sim.close();
    }
  });
});
