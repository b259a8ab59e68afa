export * from './harness.js';
export * from './resources.js';
export { describeConnectorContract, targetSegments } from './suite.js';
