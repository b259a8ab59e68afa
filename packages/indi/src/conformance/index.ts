import type { ConformanceAdapter } from '@labwire/testkit/vectors';
import { sessionHandler } from './session-handler.js';
import { decodeHandler, encodeHandler, numberFormatHandler, numberParseHandler } from './codec-handlers.js';

/** Holds @labwire/indi to the INDI suites (decode, encode, number-parse, number-format, session). */
const adapter: ConformanceAdapter = {
  protocol: 'indi',
  implementation: '@labwire/indi@0.1.0',
  handlers: {
    decode: decodeHandler,
    encode: encodeHandler,
    'number-parse': numberParseHandler,
    'number-format': numberFormatHandler,
    session: sessionHandler,
  },
  // Session cases start a real indiserver each and wait up to 60 s for slews.
  timeoutMs: (testCase) => (testCase.kind === 'session' ? 120_000 : 30_000),
};

export default adapter;

// The peer @labwire/conformance's connector contract suite runs against (kept off the main entry: it loads @labwire/testkit).
export { INDI_CONTRACT_FLAGS, startIndiContractPeer } from './contract-peer.js';
