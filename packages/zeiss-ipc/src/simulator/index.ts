export * from './host.js';
export * from './example-dispatcher.js';
export * from './simulator.js';
export * from './demo.js';
