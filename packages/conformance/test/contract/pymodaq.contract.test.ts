import { PYMODAQ_CONTRACT_FLAGS, startPymodaqContractPeer } from '@labwire/pymodaq/conformance';
import { describeConnectorContract } from '../../src/contract/index.js';

describeConnectorContract({
  name: 'pymodaq',
  flags: PYMODAQ_CONTRACT_FLAGS,
  startPeer: startPymodaqContractPeer,
});
