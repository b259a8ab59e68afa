import { INDI_CONTRACT_FLAGS, startIndiContractPeer } from '@labwire/indi/conformance';
import { describeConnectorContract } from '../../src/contract/index.js';

describeConnectorContract({ name: 'indi', flags: INDI_CONTRACT_FLAGS, startPeer: startIndiContractPeer });
