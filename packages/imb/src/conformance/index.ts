import type { ConformanceAdapter } from '@labwire/testkit/vectors';
import { framesDecode, framesEncode } from './frames-cases.js';
import { session } from './session-cases.js';

/** Holds @labwire/imb to the IMB3 suites: codec, client and hub. */
const adapter: ConformanceAdapter = {
  protocol: 'imb',
  implementation: '@labwire/imb@0.1.0',
  handlers: {
    'frames-decode': framesDecode,
    'frames-encode': framesEncode,
    session,
  },
  timeoutMs: 30_000,
};

export default adapter;

// The peer @labwire/conformance's connector contract suite runs against (kept off the main entry: it loads @labwire/testkit).
export { IMB_CONTRACT_FLAGS, startImbContractPeer } from './contract-peer.js';
