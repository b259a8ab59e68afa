#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { IMB_DEFAULT_PORT } from '../codec/constants.js';
import { ImbHub } from './imb-hub.js';

const usage = `usage: labwire-imb-hub [--host 127.0.0.1] [--port ${IMB_DEFAULT_PORT}] [--first-unique-client-id 4097]
                       [--first-client-handle 1] [--first-hub-event-id 100] [--echo-to-sender] [--notify-presence]`;

function integer(text: string | undefined, name: string, fallback: number): number {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0) {
    process.stderr.write(`labwire-imb-hub: --${name} needs a non-negative integer, got ${text}\n${usage}\n`);
    process.exit(2);
  }
  return n;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      host: { type: 'string' },
      port: { type: 'string' },
      'first-unique-client-id': { type: 'string' },
      'first-client-handle': { type: 'string' },
      'first-hub-event-id': { type: 'string' },
      'echo-to-sender': { type: 'boolean' },
      'notify-presence': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(`${usage}\n`);
    return;
  }
  const hub = new ImbHub({
    host: values.host ?? '127.0.0.1',
    port: integer(values.port, 'port', IMB_DEFAULT_PORT),
    firstUniqueClientId: integer(values['first-unique-client-id'], 'first-unique-client-id', 4097),
    firstClientHandle: integer(values['first-client-handle'], 'first-client-handle', 1),
    firstHubEventId: integer(values['first-hub-event-id'], 'first-hub-event-id', 100),
    echoToSender: values['echo-to-sender'] ?? false,
    notifyPresence: values['notify-presence'] ?? false,
  });
  hub.on('connection', (c) =>
    process.stdout.write(`client ${c.uniqueClientId} (handle ${c.clientHandle}) connected\n`),
  );
  hub.on('disconnect', (c) =>
    process.stdout.write(`client ${c.uniqueClientId} (${c.ownerName}) disconnected\n`),
  );
  hub.on('error', (error, c) =>
    process.stderr.write(`client ${c.uniqueClientId}: ${error.code} ${error.message}\n`),
  );
  const { host, port } = await hub.listen();
  process.stdout.write(`IMB3 hub listening on ${host}:${port}\n`);
  const stop = () => {
    void hub.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((err: unknown) => {
  process.stderr.write(`labwire-imb-hub: ${(err as Error).message}\n`);
  process.exit(1);
});
