import type { ConformanceAdapter } from '@labwire/testkit/vectors';
import { dispatchCase } from './dispatch-case.js';
import { hubSessionCase } from './hub-session-case.js';
import { parseCase } from './parse-case.js';
import { signalrDecodeCase, signalrEncodeCase } from './signalr-cases.js';

/** Holds @labwire/ifcb to the suites in shared/conformance/ifcb (README.md there says how each kind is checked). */
const adapter: ConformanceAdapter = {
  protocol: 'ifcb',
  implementation: '@labwire/ifcb@0.1.0',
  handlers: {
    parse: parseCase,
    dispatch: dispatchCase,
    'signalr-decode': signalrDecodeCase,
    'signalr-encode': signalrEncodeCase,
    'hub-session': hubSessionCase,
  },
  // Hub sessions walk a whole recorded exchange (both roles) with up to 10 s per step.
  timeoutMs: (c) => (c.kind === 'hub-session' ? 120_000 : 10_000),
};

export default adapter;
export { IFCB_CONTRACT_FLAGS, startIfcbContractPeer } from './contract-peer.js';
