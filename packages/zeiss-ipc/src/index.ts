export * from './codec/index.js';
export * from './python/index.js';
export * from './server/index.js';
export * from './simulator/index.js';
