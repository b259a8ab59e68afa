export { Gateway, type GatewayAddress, type GatewayOptions } from './gateway.js';
export * from './config/schema.js';
export {
  loadConfigFile,
  parseConfigText,
  isLoopbackHost,
  type LoadedConfig,
  type LoadOptions,
} from './config/load.js';
export { ConfigError, CONFIG_INVALID, type ConfigIssue, formatIssue } from './config/errors.js';
export { EXAMPLE_CONFIG } from './config/example.js';
export {
  ProtocolRegistry,
  BUILTIN_PROTOCOLS,
  PROTOCOL_UNAVAILABLE,
  isProtocolUnavailable,
  type ProtocolEntry,
  type DemoSimulator,
} from './protocols/registry.js';
export { startDemo, type DemoSetup } from './demo/demo-config.js';
export { TopicAcl, patternCovers, patternsOverlap } from './auth/topic-acl.js';
export { WS_PATH, CLOSE_UNAUTHORIZED } from './server/api-server.js';
export { SOCKET_HIGH_WATER_BYTES, MAX_BATCH_BYTES, DRAIN_TIMEOUT_MS } from './server/ws-session.js';
export { RecordingSession, endpointOf } from './record/recording-session.js';
export { CaptureFile, CAPTURE_FORMAT } from './record/capture-file.js';
export { createLogger } from './logger.js';
export { apiJsonSchema, configJsonSchema } from './api-schema.js';
export { ClientMessageSchema, HttpCommandSchema } from './server/inbound-messages.js';
export { ServerMessageSchema } from './server/outbound-messages.js';
