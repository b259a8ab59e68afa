export * from './py-value.js';
export * from './py-json-parse.js';
export * from './py-repr.js';
export * from './py-ops.js';
