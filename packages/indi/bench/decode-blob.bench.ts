import { socketChunks } from '@labwire/testkit';
import { bench, describe } from 'vitest';
import { createIndiDecoder } from '../dist/codec/decoder.js';
import type { IndiBlobVectorMessage } from '../dist/codec/messages.js';
import { bareSax } from './baseline-sax.mjs';
import { blobStream } from './inputs.js';

// Baseline: bare sax strict on the same bytes. Target: our decoder at >= 3x its throughput.
const input = blobStream(4096, 4096);
const chunks = socketChunks(input);

describe(`BLOB path: 4096x4096 16-bit FITS (${(input.byteLength / 1e6).toFixed(1)} MB of XML)`, () => {
  bench(
    'bare sax strict (baseline)',
    () => {
      bareSax(chunks);
    },
    { iterations: 5, time: 0 },
  );
  bench(
    '@labwire/indi createIndiDecoder (bytes base64-decoded)',
    () => {
      let size = 0;
      const decoder = createIndiDecoder({
        message: (m) => {
          size = (m as IndiBlobVectorMessage).members[0]?.data?.byteLength ?? 0;
        },
        error: (e) => {
          throw e;
        },
      });
      for (const c of chunks) decoder.write(c);
      if (size === 0) throw new Error('no image');
    },
    { iterations: 10, time: 0 },
  );
});
