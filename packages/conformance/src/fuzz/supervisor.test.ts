import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
// The worker runs compiled JavaScript, so the supervisor under test is the built one.
import { fuzzOne } from '../../dist/fuzz/supervisor.js';

// The supervisor runs targets in a worker from the built output; these targets stand for a
// decoder with a crash bug, one with an infinite loop, one that leaks, a sound one, and a sound
// one that allocates and drops large buffers.
const dir = mkdtempSync(join(tmpdir(), 'labwire-fuzz-'));
const module = join(dir, 'targets.mjs');
writeFileSync(
  module,
  `const kept = [];
export async function fuzzTargets() {
  const samples = () => [new Uint8Array([1, 2, 3]), new Uint8Array([9, 9])];
  return [
    { protocol: 't', name: 'crashes-on-zero', samples, run(chunks) { for (const c of chunks) if (c.includes(0)) throw new Error('boom on zero'); } },
    { protocol: 't', name: 'hangs-on-seven', samples, run(chunks) { for (const c of chunks) if (c.includes(7)) for (;;) {} } },
    { protocol: 't', name: 'leaks', samples, run(chunks) { kept.push(new Uint8Array(64 * 1024)); } },
    { protocol: 't', name: 'sound', samples, run(chunks) { let n = 0; for (const c of chunks) n += c.length; return n; } },
    { protocol: 't', name: 'churns', samples, run(chunks) { const held = []; for (let i = 0; i < 30; i++) held.push(new Uint8Array(8 * 1024 * 1024)); return held.length + chunks.length; } },
  ];
}`,
);
const targetsModule = pathToFileURL(module).href;

describe('fuzz supervisor', () => {
  it('reports a crash with the input that causes it', async () => {
    const r = await fuzzOne('t', 'crashes-on-zero', { seconds: 5, targetsModule, seed: 1 });
    expect(r.ok).toBe(false);
    expect(r.crash?.error).toContain('boom on zero');
    expect(Buffer.from(r.crash!.inputHex, 'hex').includes(0)).toBe(true);
  });

  it('reports a hang with the input it was running', async () => {
    const r = await fuzzOne('t', 'hangs-on-seven', { seconds: 5, hangMs: 500, targetsModule, seed: 1 });
    expect(r.ok).toBe(false);
    expect(Buffer.from(r.hang!.inputHex, 'hex').includes(7)).toBe(true);
  });

  it('reports heap growth', async () => {
    const r = await fuzzOne('t', 'leaks', {
      runs: 2000,
      targetsModule,
      heapGrowthLimitBytes: 16 * 1024 * 1024,
    });
    expect(r.memoryGrowth).toBe(true);
    expect(r.ok).toBe(false);
  });

  it('does not count large buffers a decoder dropped as growth', async () => {
    const r = await fuzzOne('t', 'churns', { runs: 40, targetsModule });
    expect(r).toMatchObject({ ok: true, runs: 40, memoryGrowth: false });
  });

  it('passes a sound decoder', async () => {
    const r = await fuzzOne('t', 'sound', { runs: 500, targetsModule });
    expect(r).toMatchObject({ ok: true, runs: 500 });
  });
});
