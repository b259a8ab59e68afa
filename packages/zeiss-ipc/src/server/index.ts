export * from './handler.js';
export * from './command-router.js';
export * from './serial-queue.js';
export * from './server-log.js';
export * from './request-pipeline.js';
export * from './legacy-request-reader.js';
export * from './ws-front.js';
export * from './ipc-server.js';
