// One benchmark contestant in a V8 isolate of its own. sax's code is shared by both contestants
// of the definition benchmark, and V8 compiles it for the callers it has seen: in one isolate the
// contestant measured first gets sax specialised for itself and the other inherits a
// deoptimised version (either side "wins" by 1.3-1.9x depending on order and luck). Here each
// gets sax compiled for its own callers, as it would in a process of its own.
import { parentPort, workerData } from 'node:worker_threads';
import { createIndiDecoder } from '../dist/codec/decoder.js';
import { bareSax } from './baseline-sax.mjs';
import { socketChunks } from '@labwire/testkit';

const { contestant, input } = workerData;
const chunks = socketChunks(input);

const run =
  contestant === 'sax'
    ? () => bareSax(chunks)
    : () => {
        let n = 0;
        const decoder = createIndiDecoder({ message: () => (n += 1), error: () => {} });
        for (const c of chunks) decoder.write(c);
        if (n === 0) throw new Error('decoded nothing');
        return n;
      };

parentPort.on('message', () => parentPort.postMessage(run()));
