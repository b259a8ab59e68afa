import type { ConformanceAdapter } from '@labwire/testkit/vectors';
import { runReplyDecode, runRequestEncode } from './codec-cases.js';
import { EXCHANGE_EXPECT_MS, runExchange } from './exchange/run-exchange.js';

/**
 * Holds @labwire/zeiss-ipc to the zeiss-ipc suites: `exchange` against a fresh
 * ZeissInspectSimulator per case, `request-encode` and `reply-decode` against the client codec.
 */
const adapter: ConformanceAdapter = {
  protocol: 'zeiss-ipc',
  implementation: '@labwire/zeiss-ipc@0.1.0',
  handlers: {
    exchange: runExchange,
    'request-encode': runRequestEncode,
    'reply-decode': runReplyDecode,
  },
  // Expected events may each take 5 s plus the case's instrument delays.
  timeoutMs: (testCase) => {
    const host = testCase.json.host as { delaysMs?: Record<string, number> } | undefined;
    const delays = Object.values(host?.delaysMs ?? {}).reduce((a, b) => a + b, 0);
    return 3 * EXCHANGE_EXPECT_MS + 2 * delays;
  },
};

export default adapter;

export { zeissContractHarness } from './contract-harness.js';
export type { ZeissContractPeer, ZeissContractPeerOptions } from './contract-harness.js';
