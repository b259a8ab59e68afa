import type { ConformanceAdapter } from '@labwire/testkit/vectors';
import { sessionCase } from './session-cases.js';
import { valueDecode, valueEncode } from './value-cases.js';

/**
 * Holds @labwire/pymodaq to the suites in shared/conformance/pymodaq: value encoding and
 * decoding in every dialect, and sessions driven through our own server and client over
 * loopback (shared/conformance/pymodaq/README.md).
 */
const adapter: ConformanceAdapter = {
  protocol: 'pymodaq',
  implementation: '@labwire/pymodaq@0.1.0',
  handlers: {
    'value-encode': valueEncode,
    'value-decode': valueDecode,
    session: sessionCase,
  },
  timeoutMs: (c) => (c.kind === 'session' ? 30_000 : 20_000),
};

export default adapter;

// The peer @labwire/conformance's connector contract suite runs against (kept off the main entry: it loads @labwire/testkit).
export { PYMODAQ_CONTRACT_FLAGS, startPymodaqContractPeer } from './contract-peer.js';
