export * from './types.js';
export * from './errors.js';
export * from './encoding.js';
export * from './reconnect.js';
export {
  API_SUBPROTOCOL,
  BEARER_SUBPROTOCOL_PREFIX,
  DEFAULT_CONNECT_TIMEOUT_MS,
  type WebSocketConstructor,
  type WebSocketLike,
} from './connection.js';
export {
  COMMAND_REPLY_GRACE_MS,
  DEFAULT_COMMAND_TIMEOUT_MS,
  DEFAULT_REQUEST_TIMEOUT_MS,
} from './request-manager.js';
export * from './client.js';
