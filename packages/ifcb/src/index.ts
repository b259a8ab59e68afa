// The public API of @labwire/ifcb (re-exports only).
export * from './codec/index.js';
export * from './client/index.js';
export * from './simulator/index.js';
export * from './connector/index.js';
