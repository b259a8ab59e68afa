export * from './codec/index.js';
export { ImbClient, type ImbClientOptions, type ImbClientCounters } from './client/imb-client.js';
export {
  EventDefinition,
  type EventHandler,
  type SignalStreamOptions,
  type StreamSource,
} from './client/event-definition.js';
export type { IncomingStream, StreamSinkLike } from './client/incoming-streams.js';
export type {
  ImbClientEvents,
  ImbNotification,
  ImbReceivedEvent,
  ImbStreamEnd,
  ImbStreamInfo,
} from './client/types.js';
export { ImbHub, type ImbHubOptions, type ImbHubEvents, type ImbHubCounters } from './simulator/imb-hub.js';
export type { HubConnection } from './simulator/hub-connection.js';
export { HubLocator, locateHub, type LocateOptions } from './simulator/hub-locator.js';
export {
  startDemoSimulator,
  type DemoSimulator,
  type DemoSimulatorOptions,
} from './simulator/demo-simulator.js';
export { ImbConnector, type ImbConnectorInit } from './connector/imb-connector.js';
export {
  ImbConnectorOptionsSchema,
  type ImbConnectorOptions,
  type ImbConnectorOptionsInput,
} from './connector/options-schema.js';
export { addressOf, singleString } from './connector/event-mapping.js';
