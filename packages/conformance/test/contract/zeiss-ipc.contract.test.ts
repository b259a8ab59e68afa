import { zeissContractHarness } from '@labwire/zeiss-ipc/conformance';
import { describeConnectorContract } from '../../src/contract/index.js';

describeConnectorContract(zeissContractHarness);
