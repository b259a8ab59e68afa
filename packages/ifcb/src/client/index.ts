export * from './ifcb-client.js';
export * from './handler-registry.js';
export * from './hub-url.js';
export { IfcbJsonHubProtocol } from './hub-protocol.js';
