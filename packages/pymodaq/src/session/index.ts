export { PymodaqConnection, type ConnectionEvents, type ConnectionOptions } from './connection.js';
export {
  TcpServer,
  type TcpServerOptions,
  type TcpServerEvents,
  type TcpServerQuirks,
  PYMODAQ_DEFAULT_PORT,
} from './tcp-server.js';
export {
  RemoteInstrument,
  type RemoteInstrumentEvents,
  type InstrumentType,
  type RequestOptions,
} from './remote-instrument.js';
export {
  TcpClient,
  type TcpClientOptions,
  type TcpClientEvents,
  type TcpClientQuirks,
} from './tcp-client.js';
export type { Detector, Actuator, Instrument, GrabRequest, MoveContext } from './instrument.js';
export { isDetector } from './instrument.js';
export { type Position, type PositionInput, positionOf, positionValue } from './positions.js';
export {
  type GrabResult,
  type Channel,
  type DetectorOutput,
  grabResultOf,
  doneValue,
  dwaOf,
} from './grab-data.js';
