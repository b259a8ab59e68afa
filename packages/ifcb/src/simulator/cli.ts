#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { IfcbHubSimulator } from './hub-simulator.js';
import type { InstrumentMode } from './instrument.js';

/**
 * labwire-ifcb-hub: runs the IFCB hub simulator until interrupted.
 * Clients connect to ws://<host>:<port>/ifcbHub (pyifcbclient, PhytO-ARM, @microsoft/signalr, IfcbClient).
 */
const USAGE = `usage: labwire-ifcb-hub [options]

Runs a simulated IFCBacquire SignalR hub (negotiate + WebSocket at /ifcbHub) with a simulated instrument.

options:
  --host <addr>        listen address (default 127.0.0.1)
  --port <n>           port (default 8092, PhytO-ARM's; 0 picks a free one)
  --serial <s>         instrument serial (default 111-111-111)
  --mode <m>           quiet | responsive | scripted (default scripted: a looping acquisition)
  --step-ms <n>        pause between scripted messages (default 250)
  --keep-alive-ms <n>  ping interval when idle (default 15000)
  --quiet-log          do not print commands and connections
  -h, --help           this text`;

function main(): void {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      options: {
        host: { type: 'string', default: '127.0.0.1' },
        port: { type: 'string', default: '8092' },
        serial: { type: 'string', default: '111-111-111' },
        mode: { type: 'string', default: 'scripted' },
        'step-ms': { type: 'string', default: '250' },
        'keep-alive-ms': { type: 'string', default: '15000' },
        'quiet-log': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (err) {
    console.error(`labwire-ifcb-hub: ${(err as Error).message}\n\n${USAGE}`);
    process.exitCode = 2;
    return;
  }
  if (values.help === true) {
    console.log(USAGE);
    return;
  }
  const mode = String(values.mode) as InstrumentMode;
  const numbers = ['port', 'step-ms', 'keep-alive-ms'].map((k) => Number(values[k]));
  if (
    !['quiet', 'responsive', 'scripted'].includes(mode) ||
    numbers.some((n) => !Number.isInteger(n) || n < 0)
  ) {
    console.error(`labwire-ifcb-hub: bad option value\n\n${USAGE}`);
    process.exitCode = 2;
    return;
  }
  const [port, stepMs, keepAliveIntervalMs] = numbers as [number, number, number];
  const hub = new IfcbHubSimulator({
    host: String(values.host),
    port,
    serial: String(values.serial),
    keepAliveIntervalMs,
    instrument: { mode, stepMs },
  });
  const log = values['quiet-log'] !== true;
  hub.on('connection', (c) => {
    if (log) console.log(`connection ${c.id}`);
  });
  hub.on('command', (c) => {
    if (log) console.log(`command from ${c.connectionId} for ${c.serial}: ${c.text}`);
  });
  hub.on('error', (e) => console.error(`bad input: ${e.code} ${e.message}`));
  hub.start().then(
    ({ url }) => {
      console.log(
        `IFCB hub simulator: ${url.replace(/^http:/, 'ws:')} (serial ${hub.serial}, instrument ${mode})`,
      );
    },
    (err: Error) => {
      console.error(`labwire-ifcb-hub: cannot listen: ${err.message}`);
      process.exitCode = 1;
    },
  );
  const stop = () => {
    void hub.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main();
