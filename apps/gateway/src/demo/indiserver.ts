import { type ChildProcess, spawn } from 'node:child_process';
import { access, constants } from 'node:fs/promises';
import { createServer, connect } from 'node:net';
import { delimiter, join } from 'node:path';

/** INDI simulator drivers the demo asks a real indiserver to run. */
export const DEMO_INDI_DRIVERS = [
  'indi_simulator_telescope',
  'indi_simulator_ccd',
  'indi_simulator_focus',
] as const;
/** How long the demo waits for indiserver to accept connections. */
export const INDISERVER_READY_MS = 5_000;

/** The full path of an executable on PATH, or undefined. */
export async function findOnPath(name: string): Promise<string | undefined> {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir === '') continue;
    const candidate = join(dir, name);
    try {
      await access(candidate, constants.X_OK);
      return candidate;
    } catch {}
  }
  return undefined;
}

/** A port the OS says is free right now (indiserver takes a port number, not 0). */
export function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, host, () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function canConnect(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port }, () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

export interface RunningIndiserver {
  host: string;
  port: number;
  drivers: string[];
  close(): Promise<void>;
}

/** Starts `indiserver` with the simulator drivers that are installed; undefined when it is not on PATH. */
export async function startIndiserver(): Promise<RunningIndiserver | undefined> {
  const binary = await findOnPath('indiserver');
  if (binary === undefined) return undefined;
  const drivers: string[] = [];
  for (const d of DEMO_INDI_DRIVERS) if ((await findOnPath(d)) !== undefined) drivers.push(d);
  if (drivers.length === 0) return undefined;
  const host = '127.0.0.1';
  const port = await freePort(host);
  const child: ChildProcess = spawn(binary, ['-p', String(port), ...drivers], { stdio: 'ignore' });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const deadline = Date.now() + INDISERVER_READY_MS;
  while (!(await canConnect(host, port))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      return undefined;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    host,
    port,
    drivers,
    close: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
