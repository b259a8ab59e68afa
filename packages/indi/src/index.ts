// Codec
export {
  createIndiDecoder,
  type IndiDecoder,
  type IndiDecoderCounters,
  type IndiDecoderOptions,
} from './codec/decoder.js';
export { encodeIndiCommand, escapeXml } from './codec/encoder.js';
export type { IndiBlobUpload, IndiCommand } from './codec/commands.js';
export * from './codec/messages.js';
export { IndiErrorCode, type IndiErrorCodeValue } from './codec/errors.js';
export { INDI_DEFAULT_LIMITS, type IndiDecoderLimits } from './codec/limits.js';
export { parseIndiNumber } from './codec/number-parse.js';
export { formatIndiNumber, formatSexagesimal, formatWireNumber } from './codec/number-format.js';
export { printfNumber } from './codec/printf.js';
export { blobContent } from './codec/blob-content.js';
// A real indiserver for tests and CI
export {
  type IndiserverOptions,
  type RunningIndiserver,
  SIMULATOR_DEVICES,
  indiserverPath,
  startIndiserver,
} from './indiserver/indiserver-process.js';
// Client
export {
  IndiClient,
  type IndiClientCounters,
  type IndiClientEvents,
  type IndiClientOptions,
  type IndiWaitOptions,
} from './client/client.js';
export { IndiDevice, type IndiLogEntry, IndiMember, IndiVector } from './client/model.js';
export type { IndiNewValue } from './client/new-command.js';
export {
  type IndiDeviceSnapshot,
  type IndiMemberSnapshot,
  type IndiSnapshot,
  type IndiVectorSnapshot,
  dumpSnapshot,
  loadSnapshot,
} from './client/snapshot.js';
// Simulator
export { IndiSimulator, type IndiSimulatorOptions } from './simulator/simulator.js';
export { type DemoSimulator, startDemoSimulator } from './simulator/demo.js';
export { SimDevice, type SimContext, applyValues } from './simulator/sim-device.js';
export type { SimMember, SimVector } from './simulator/sim-vector.js';
export { SimTelescope } from './simulator/devices/telescope.js';
export { SimCamera, type SimCameraOptions } from './simulator/devices/camera.js';
export { SimFocuser } from './simulator/devices/focuser.js';
export { fitsFrame } from './simulator/fits-frame.js';
// Connector
export { IndiConnector, type IndiConnectorOptions } from './connector/connector.js';
export {
  IndiConnectorOptionsSchema,
  type IndiConnectorConfig,
  type IndiConnectorConfigInput,
} from './connector/options-schema.js';
