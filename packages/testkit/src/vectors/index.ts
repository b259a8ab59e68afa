export * from './typed-value.js';
export * from './parse-json.js';
export * from './compare.js';
export * from './envelope.js';
export * from './loader.js';
export * from './shared-dir.js';
export * from './adapter.js';
export * from './disputed.js';
