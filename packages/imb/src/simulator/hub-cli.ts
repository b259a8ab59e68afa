import { parseArgs } from 'node:util';
import { IMB_DEFAULT_PORT } from '../codec/constants.js';
import { ImbHub } from './imb-hub.js';

export const HUB_USAGE = `usage: labwire-imb-hub [--host 127.0.0.1] [--port ${IMB_DEFAULT_PORT}] [--first-unique-client-id 4097]
                       [--first-client-handle 1] [--first-hub-event-id 100] [--echo-to-sender] [--notify-presence]
                       [--locator-port 4000]   (answer UDP hub-locate requests)`;

export interface CliOutput {
  out(line: string): void;
  err(line: string): void;
}

function integer(text: string | undefined, name: string, fallback: number): number {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} needs a non-negative integer, got ${text}`);
  return n;
}

/**
 * The `labwire-imb-hub` command without the process around it: parses the arguments, starts
 * the hub and logs connections. Resolves with the running hub (undefined for --help).
 */
export async function runHubCli(argv: readonly string[], io: CliOutput): Promise<ImbHub | undefined> {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      host: { type: 'string' },
      port: { type: 'string' },
      'first-unique-client-id': { type: 'string' },
      'first-client-handle': { type: 'string' },
      'first-hub-event-id': { type: 'string' },
      'echo-to-sender': { type: 'boolean' },
      'notify-presence': { type: 'boolean' },
      'locator-port': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    io.out(HUB_USAGE);
    return undefined;
  }
  const hub = new ImbHub({
    host: values.host ?? '127.0.0.1',
    port: integer(values.port, 'port', IMB_DEFAULT_PORT),
    firstUniqueClientId: integer(values['first-unique-client-id'], 'first-unique-client-id', 4097),
    firstClientHandle: integer(values['first-client-handle'], 'first-client-handle', 1),
    firstHubEventId: integer(values['first-hub-event-id'], 'first-hub-event-id', 100),
    echoToSender: values['echo-to-sender'] ?? false,
    notifyPresence: values['notify-presence'] ?? false,
    locatorPort: integer(values['locator-port'], 'locator-port', -1),
  });
  hub.on('connection', (c) => io.out(`client ${c.uniqueClientId} (handle ${c.clientHandle}) connected`));
  hub.on('disconnect', (c) => io.out(`client ${c.uniqueClientId} (${c.ownerName}) disconnected`));
  hub.on('error', (error, c) => io.err(`client ${c.uniqueClientId}: ${error.code} ${error.message}`));
  const { host, port } = await hub.listen();
  io.out(`IMB3 hub listening on ${host}:${port}`);
  return hub;
}
