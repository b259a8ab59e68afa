import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ErrorCode, LabwireError } from '@labwire/core';
import { findExecutable } from './find-executable.js';
import { probeFreePort } from './free-port.js';

/** The device each Debian simulator driver defines, to know when a fresh server is ready. */
export const SIMULATOR_DEVICES: Readonly<Record<string, string>> = {
  indi_simulator_telescope: 'Telescope Simulator',
  indi_simulator_ccd: 'CCD Simulator',
  indi_simulator_focus: 'Focuser Simulator',
  indi_simulator_wheel: 'Filter Simulator',
  indi_simulator_dome: 'Dome Simulator',
  indi_simulator_gps: 'GPS Simulator',
  indi_simulator_rotator: 'Rotator Simulator',
};

export interface IndiserverOptions {
  drivers: readonly string[];
  /** A fixed port (to restart a server where clients expect it); probed free when absent. */
  port?: number;
  /** `-m`: MB a client may fall behind before it is dropped (default 1024, for large frames). */
  maxQueueMb?: number;
  /** Time to wait for every known driver's device to answer (default 15 s). */
  readyTimeoutMs?: number;
  /** Extra arguments (for example `-v`). */
  args?: readonly string[];
  signal?: AbortSignal;
}

/** A real indiserver started for tests: its own port, `-u` socket path, and empty HOME. */
export interface RunningIndiserver {
  readonly host: '127.0.0.1';
  readonly port: number;
  readonly pid: number;
  /** Everything the server wrote to stderr (its log), for failure reports. */
  log(): string;
  /** SIGTERM to the server's process group (the drivers with it), then removes the temp dir. */
  stop(): Promise<void>;
}

export function indiserverPath(): string | undefined {
  return findExecutable('indiserver');
}

/**
 * Starts `indiserver` with `drivers` on a probed free port of 127.0.0.1. indiserver 1.9.9 has
 * no bind-address option and listens on every interface; a private network namespace
 * (`unshare -n`) would keep it off the network, but the test process could then not reach it,
 * so servers run on a loopback port probed free and tests only ever connect to 127.0.0.1.
 */
export async function startIndiserver(options: IndiserverOptions): Promise<RunningIndiserver> {
  const executable = indiserverPath();
  if (executable === undefined) throw new LabwireError(ErrorCode.NOT_FOUND, 'indiserver is not on PATH');
  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = options.port ?? (await probeFreePort());
    try {
      return await startOn(executable, port, options);
    } catch (err) {
      lastError = err;
      if ((err as LabwireError).code === ErrorCode.ABORTED) throw err;
    }
  }
  throw lastError;
}

async function startOn(
  executable: string,
  port: number,
  options: IndiserverOptions,
): Promise<RunningIndiserver> {
  const home = mkdtempSync(join(tmpdir(), 'labwire-indiserver-'));
  const socketPath = join(home, 'indiserver.sock');
  const args = [
    '-p',
    String(port),
    '-u',
    socketPath,
    '-m',
    String(options.maxQueueMb ?? 1024),
    ...(options.args ?? []),
    ...options.drivers,
  ];
  // With util-linux's setpriv, the server gets SIGKILL when this process dies however it dies
  // (a test worker killed by its pool runs no exit handler); its drivers then exit on EOF.
  const setpriv = findExecutable('setpriv');
  const [command, argv] =
    setpriv === undefined ? [executable, args] : [setpriv, ['--pdeathsig', 'KILL', executable, ...args]];
  const child = spawn(command, argv, {
    env: { ...process.env, HOME: home },
    cwd: home,
    stdio: ['ignore', 'ignore', 'pipe'],
    // Own process group: stopping the server also stops its drivers.
    detached: true,
  });
  let log = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    if (log.length < 200_000) log += chunk.toString('utf8');
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  // The server runs in its own process group, so it would outlive a test process that dies
  // without calling stop(): kill it (and its drivers) on exit in any case.
  const killOnExit = () => {
    killGroup(child, 'SIGKILL');
    rmSync(home, { recursive: true, force: true });
  };
  process.once('exit', killOnExit);
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    process.off('exit', killOnExit);
    killGroup(child, 'SIGTERM');
    const timer = setTimeout(() => killGroup(child, 'SIGKILL'), 2_000);
    await exited;
    clearTimeout(timer);
    // Drivers exit on EOF of their stdin; make sure none is left.
    killGroup(child, 'SIGKILL');
    rmSync(home, { recursive: true, force: true });
  };
  try {
    await waitReady(port, options, exited, () => log);
  } catch (err) {
    await stop();
    throw err;
  }
  return { host: '127.0.0.1', port, pid: child.pid!, log: () => log, stop };
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
}

/** Ready when the port accepts and every known driver's device has defined a property. */
async function waitReady(
  port: number,
  options: IndiserverOptions,
  exited: Promise<void>,
  log: () => string,
): Promise<void> {
  const deadline = Date.now() + (options.readyTimeoutMs ?? 15_000);
  let dead = false;
  void exited.then(() => {
    dead = true;
  });
  const wanted = new Set(
    options.drivers.map((d) => SIMULATOR_DEVICES[d]).filter((d): d is string => d !== undefined),
  );
  while (Date.now() < deadline) {
    if (dead)
      throw new LabwireError(
        ErrorCode.CONNECT_FAILED,
        `indiserver on port ${port} exited: ${log().slice(-500)}`,
      );
    if (options.signal?.aborted)
      throw new LabwireError(ErrorCode.ABORTED, 'aborted while starting indiserver');
    const seen = await probe(port, wanted, Math.min(3_000, deadline - Date.now()));
    if (seen) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new LabwireError(ErrorCode.TIMEOUT, `indiserver on port ${port} not ready: ${log().slice(-500)}`);
}

/** One probe connection: getProperties, then wait until every wanted device was named. */
function probe(port: number, wanted: ReadonlySet<string>, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket();
    const missing = new Set(wanted);
    let text = '';
    const done = (ok: boolean) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(ok);
    };
    const timer = setTimeout(() => done(false), Math.max(100, timeoutMs));
    socket.once('error', () => done(false));
    socket.connect(port, '127.0.0.1', () => {
      socket.write("<getProperties version='1.7'/>\n");
      if (missing.size === 0) setTimeout(() => done(true), 100);
    });
    socket.on('data', (chunk: Buffer) => {
      text += chunk.toString('latin1');
      for (const device of [...missing]) if (text.includes(`device="${device}"`)) missing.delete(device);
      if (missing.size === 0) done(true);
      if (text.length > 1_000_000) text = text.slice(-1000);
    });
  });
}
