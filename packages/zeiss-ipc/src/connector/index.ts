export * from './options.js';
export * from './model.js';
export * from './connector.js';
