import type { DecoderSink } from '@labwire/core';
import { HubRecordDecoder, parseIfcbMessage } from '@labwire/ifcb';
import { createImbDecoder } from '@labwire/imb';
import { createIndiDecoder } from '@labwire/indi';
import { createMessageDecoder } from '@labwire/pymodaq';
import { classifyReply, createLegacyReplyDecoder } from '@labwire/zeiss-ipc';
import { vectorSamples } from './samples.js';
import type { FuzzTarget } from './target.js';

/** A sink that drops what it gets: the fuzzer looks for throws, hangs and growth, not results. */
const discard: DecoderSink<unknown> = { message: () => {}, error: () => {} };

function streamTarget(
  protocol: string,
  name: string,
  make: () => { write(c: Uint8Array): void; end(): void },
): FuzzTarget {
  let samples: Uint8Array[] | undefined;
  return {
    protocol,
    name,
    samples: () => (samples ??= vectorSamples(protocol)),
    run(chunks) {
      const decoder = make();
      for (const c of chunks) decoder.write(c);
      decoder.end();
    },
  };
}

/** A decoder of whole texts: the chunks are joined, decoded as UTF-8 with replacement, then parsed. */
function textTarget(protocol: string, name: string, parse: (text: string) => unknown): FuzzTarget {
  let samples: Uint8Array[] | undefined;
  return {
    protocol,
    name,
    samples: () => (samples ??= vectorSamples(protocol)),
    run(chunks) {
      parse(Buffer.concat(chunks).toString('utf8'));
    },
  };
}

/**
 * The decoders of the protocol packages, each fed random bytes and mutations of the real wire
 * bytes in the visible vectors, split at random points.
 */
export async function fuzzTargets(): Promise<FuzzTarget[]> {
  return [
    streamTarget('indi', 'xml-stream', () => createIndiDecoder(discard)),
    streamTarget('imb', 'frames', () => createImbDecoder(discard)),
    streamTarget('pymodaq', 'messages-v4-server', () =>
      createMessageDecoder(discard, { dialect: 'v4', side: 'server' }),
    ),
    streamTarget('pymodaq', 'messages-v2-client', () =>
      createMessageDecoder(discard, { dialect: 'v2', side: 'client' }),
    ),
    streamTarget('pymodaq', 'messages-v5-server', () =>
      createMessageDecoder(discard, { dialect: 'v5', side: 'server' }),
    ),
    streamTarget(
      'ifcb',
      'signalr-records',
      () => new HubRecordDecoder({ record: () => {}, error: () => {} }, { phase: 'handshake' }),
    ),
    textTarget('ifcb', 'messages', parseIfcbMessage),
    textTarget('zeiss-ipc', 'replies', (text) => classifyReply(text)),
    streamTarget('zeiss-ipc', 'legacy-replies', () => createLegacyReplyDecoder(discard)),
  ];
}
