import { describePairedRatio, pairedRatio, socketChunks } from '@labwire/testkit';
import { afterAll, bench, describe } from 'vitest';
import { decodeAll, mixedCorpus } from './corpus.js';

/**
 * Frame decode throughput over a mixed corpus fed in 64 KiB chunks.
 * Baseline (same run): the least a framer can do — Buffer.concat of the leftover with each
 * chunk and subarray per frame by the length field, with no validation, no resync and no
 * payload parsing. MB/s = hz × corpus MB; frames/s = hz × frames (printed once below).
 */
const { bytes, frames } = mixedCorpus();
const chunks = socketChunks(bytes);
const mb = bytes.byteLength / 1e6;
console.log(`decode corpus: ${mb.toFixed(1)} MB, ${frames} frames, ${chunks.length} chunks of 64 KiB`);

function baseline(): void {
  let leftover: Buffer = Buffer.alloc(0);
  let count = 0;
  for (const chunk of chunks) {
    const buf = leftover.byteLength === 0 ? chunk : Buffer.concat([leftover, chunk]);
    let at = 0;
    while (buf.byteLength - at >= 16) {
      const n = buf.readInt32LE(at + 12);
      const total = n === 0 ? 16 : 20 + n;
      if (buf.byteLength - at < total) break;
      buf.subarray(at + 16, at + 16 + n);
      count += 1;
      at += total;
    }
    leftover = buf.subarray(at);
  }
  if (count !== frames) throw new Error(`baseline framed ${count} of ${frames}`);
}

function decode(): void {
  const count = decodeAll(chunks);
  if (count !== frames) throw new Error(`decoded ${count} of ${frames}`);
}

const title = 'IMB3 frame decode, mixed corpus in 64 KiB chunks';
// The rows are measured one after the other; the ratio comes from interleaved pairs.
afterAll(async () => {
  console.log(describePairedRatio(title, await pairedRatio(baseline, decode)));
});

describe(title, () => {
  bench('baseline: Buffer.concat + subarray by length', baseline, { time: 2000 });
  bench('@labwire/imb ImbFrameDecoder (framing, checks, payload parsing)', decode, { time: 2000 });
});
