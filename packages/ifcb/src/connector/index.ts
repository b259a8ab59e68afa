export * from './ifcb-connector.js';
export * from './options-schema.js';
export * from './demo.js';
export { commandText } from './command-mapping.js';
export { mapMessage, propertyNameOf } from './message-mapping.js';
