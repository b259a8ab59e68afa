import { IFCB_CONTRACT_FLAGS, startIfcbContractPeer } from '@labwire/ifcb/conformance';
import { describeConnectorContract } from '../../src/contract/index.js';

describeConnectorContract({ name: 'ifcb', flags: IFCB_CONTRACT_FLAGS, startPeer: startIfcbContractPeer });
