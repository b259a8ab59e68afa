export { PymodaqConnector, type PymodaqConnectorOptions } from './pymodaq-connector.js';
export {
  PymodaqConnectorOptionsSchema,
  type PymodaqConnectorConfig,
  type PymodaqConnectorOptionsInput,
} from './options.js';
