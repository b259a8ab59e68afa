import type { TransportData } from '@labwire/core';
import { describe, expect, it } from 'vitest';
import { memoryPair } from './memory-transport.js';
import { rebatch } from './rebatch.js';

const RS = '\u001e';

async function receive(
  strategy: Parameters<typeof rebatch>[1]['strategy'],
  frames: string[],
): Promise<TransportData[]> {
  const { client, server } = memoryPair('message');
  await client.open();
  const got: TransportData[] = [];
  rebatch(server, { separator: RS, strategy }).on('data', (d) => got.push(d));
  for (const f of frames) client.write(f);
  await new Promise((r) => setTimeout(r, 10));
  return got;
}

describe('rebatch', () => {
  const frames = [`{"a":1}${RS}{"b":2}${RS}{"c":3}${RS}`, `{"d":4}${RS}`];

  it('sends every record in a frame of its own', async () => {
    expect(await receive({ kind: 'every-byte' }, frames)).toEqual([
      `{"a":1}${RS}`,
      `{"b":2}${RS}`,
      `{"c":3}${RS}`,
      `{"d":4}${RS}`,
    ]);
  });

  it('regroups records without cutting one, keeping their order', async () => {
    const got = (await receive({ kind: 'random', seed: 3, maxChunk: 2 }, frames)) as string[];
    expect(got.join('')).toBe(frames.join(''));
    for (const f of got) expect(f.endsWith(RS)).toBe(true);
  });

  it('leaves frames alone under whole', async () => {
    expect(await receive({ kind: 'whole' }, frames)).toEqual(frames);
  });
});
