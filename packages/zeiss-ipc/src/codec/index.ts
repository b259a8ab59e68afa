export * from './errors.js';
export * from './dialects.js';
export * from './types.js';
export * from './python-float.js';
export * from './json-generate.js';
export * from './request-generate.js';
export * from './reply-parse.js';
export * from './legacy-parse.js';
