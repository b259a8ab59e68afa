#!/usr/bin/env node
import { CLI_USAGE, parseCliArgs } from './cli-args.js';
import { ZeissInspectSimulator } from './simulator.js';

async function main(): Promise<void> {
  let settings: ReturnType<typeof parseCliArgs>;
  try {
    settings = parseCliArgs(process.argv.slice(2));
  } catch (err) {
    process.stderr.write(`labwire-zeiss-sim: ${(err as Error).message}\n${CLI_USAGE}\n`);
    process.exit(2);
  }
  if (settings.help) {
    process.stdout.write(`${CLI_USAGE}\n`);
    return;
  }
  const sim = new ZeissInspectSimulator({
    ...settings.options,
    ...(settings.log ? { onLog: (line: string) => process.stdout.write(`${line}\n`) } : {}),
  });
  sim.server.on('crash', (id, error) =>
    process.stderr.write(`connection ${id}: handler failed (${error.message}), closed 1011\n`),
  );
  sim.server.on('error', (error) => process.stderr.write(`${error.code} ${error.message}\n`));
  sim.server.on('stopped', (reason) => {
    process.stdout.write(`server stopped: ${reason}\n`);
    process.exit(0);
  });
  await sim.listen();
  process.stdout.write(`ZEISS INSPECT IPC simulator (${sim.server.dialect.id}) listening on ${sim.url}\n`);
  const stop = () => void sim.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

void main();
