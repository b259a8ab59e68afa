export * from './errors.js';
export * from './codec/index.js';
export * from './session/index.js';
export * from './settings/index.js';
export * from './simulator/index.js';
export * from './connector/index.js';
