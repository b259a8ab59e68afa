export * from './hub-simulator.js';
export { type InstrumentMode, type InstrumentOptions, SimulatedInstrument } from './instrument.js';
export { SimulatedHubConnection } from './hub-connection.js';
export { encodeGrayPng, particleImage } from './png.js';
