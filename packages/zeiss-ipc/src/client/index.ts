export * from './constants.js';
export * from './transport-factory.js';
export * from './connection.js';
export * from './request-queue.js';
export * from './reconnect.js';
export * from './request-encoding.js';
export * from './custom-command.js';
export * from './client.js';
