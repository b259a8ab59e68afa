import type { ZeissDialect, ZeissDialectId } from '../codec/dialects.js';
import { resolveDialect } from '../codec/dialects.js';
import type { ZeissRequestHandler } from '../server/handler.js';
import { ZeissIpcServer, type ZeissIpcServerOptions } from '../server/ipc-server.js';
import { pyStr } from '../python/index.js';
import { dispatchExample } from './example-dispatcher.js';
import { type HostState, SimulatedHost } from './host.js';

export interface ZeissInspectSimulatorOptions
  extends Omit<ZeissIpcServerOptions, 'handler' | 'commands' | 'dialect' | 'host'> {
  dialect?: ZeissDialectId | ZeissDialect;
  /** The simulated instrument host (files, series, project, failing and slow commands). */
  host?: HostState | SimulatedHost;
  /** Listen address (the `host` option names the instrument host here). */
  listenHost?: string;
}

/**
 * A simulated ZEISS INSPECT running one of the reference IPC Apps. Faithful by default: the
 * reference's replies, Python echoes, 1011 crashes, 1009 limit, serialized handling, and quit
 * that keeps serving (`example`). Switches: `quitStopsServer`, `strictJson`.
 */
export class ZeissInspectSimulator {
  readonly host: SimulatedHost;
  readonly server: ZeissIpcServer;

  constructor(options: ZeissInspectSimulatorOptions = {}) {
    const dialect = resolveDialect(options.dialect);
    this.host = options.host instanceof SimulatedHost ? options.host : new SimulatedHost(options.host);
    const host = this.host;
    const successToken = dialect.successTokens[0] ?? 'O.k.';
    const handler: ZeissRequestHandler =
      dialect.id === 'basics'
        ? // The Basics template's custom handler prints the value and answers Ok, whatever it is.
          (message) => {
            this.server.log.print(`handle_command(): ${pyStr(message)}`);
            return successToken;
          }
        : (message) =>
            dispatchExample(message, host, this.server.log, {
              successToken,
              quit: dialect.transport !== 'tcp',
            });
    const { host: _host, listenHost, ...serverOptions } = options;
    this.server = new ZeissIpcServer({
      ...serverOptions,
      ...(listenHost === undefined ? {} : { host: listenHost }),
      dialect,
      handler,
      printParsed: dialect.id !== 'basics',
    });
  }

  /** Starts listening; resolves with the port. */
  listen(): Promise<number> {
    return this.server.listen();
  }

  get port(): number {
    return this.server.port;
  }

  get url(): string {
    return this.server.url;
  }

  close(): Promise<void> {
    return this.server.close();
  }
}
