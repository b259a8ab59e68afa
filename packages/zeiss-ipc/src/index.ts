export * from './codec/index.js';
export * from './python/index.js';
export * from './server/index.js';
export * from './simulator/index.js';
export * from './client/index.js';
export * from './connector/index.js';
