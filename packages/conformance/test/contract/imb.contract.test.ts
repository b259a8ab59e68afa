import { IMB_CONTRACT_FLAGS, startImbContractPeer } from '@labwire/imb/conformance';
import { describeConnectorContract } from '../../src/contract/index.js';

describeConnectorContract({ name: 'imb', flags: IMB_CONTRACT_FLAGS, startPeer: startImbContractPeer });
