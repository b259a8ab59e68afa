#!/usr/bin/env node
import { IndiSimulator } from './simulator.js';

/**
 * `node dist/simulator/cli.js [--port 7624] [--width 1280 --height 1024]`: serves the simulator
 * on 127.0.0.1 until interrupted, for trying INDI clients (indi_getprop, KStars, IndiClient).
 */
function option(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  const value = at === -1 ? undefined : Number(process.argv[at + 1]);
  return value === undefined || !Number.isFinite(value) ? fallback : value;
}

const simulator = await IndiSimulator.listen({
  port: option('port', 7624),
  camera: { width: option('width', 640), height: option('height', 480) },
});
process.stdout.write(
  `INDI simulator on 127.0.0.1:${simulator.port} (${simulator.devices.map((d) => d.name).join(', ')})\n`,
);
const stop = () => void simulator.close().then(() => process.exit(0));
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
