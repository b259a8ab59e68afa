export * from './memory-transport.js';
export * from './loopback.js';
export * from './chunking.js';
export * from './wrapped-transport.js';
export * from './rechunk.js';
export * from './faults.js';
export * from './arbitraries.js';
export * from './vectors/index.js';
