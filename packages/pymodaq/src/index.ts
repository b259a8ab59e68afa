export * from './errors.js';
export * from './codec/index.js';
