import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The built gateway CLI (the root `pnpm test` builds before it runs tests). */
export const GATEWAY_CLI = fileURLToPath(new URL('../../gateway/dist/cli.js', import.meta.url));
/** The built dashboard the gateway serves. */
export const DASHBOARD_INDEX = fileURLToPath(new URL('../dist/index.html', import.meta.url));

export interface GatewayProcess {
  /** `http://127.0.0.1:<port>` as the gateway printed it. */
  http: string;
  output(): string;
  stop(): Promise<void>;
}

/**
 * Starts `labwire-gateway start` in demo mode (no config) on 127.0.0.1 and a free port, and
 * resolves with the address it prints once it listens.
 */
export function startDemoGateway(): Promise<GatewayProcess> {
  // No indiserver child: the five in-process simulators are what the tests look at.
  return startGateway(['--host', '127.0.0.1', '--port', '0', '--no-indiserver']);
}

/** `labwire-gateway start <args>`; resolves with the address it prints once it listens. */
export async function startGateway(args: string[], timeoutMs = 30_000): Promise<GatewayProcess> {
  for (const file of [GATEWAY_CLI, DASHBOARD_INDEX]) {
    if (!existsSync(file)) throw new Error(`${file} is missing: build first (pnpm build)`);
  }
  const child = spawn(process.execPath, [GATEWAY_CLI, 'start', ...args, '--log-level', 'warn'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (c: Buffer) => {
    output += c.toString();
  });
  child.stderr.on('data', (c: Buffer) => {
    output += c.toString();
  });
  const stop = () => stopChild(child);
  try {
    const http = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`gateway did not start in ${timeoutMs} ms:\n${output}`)),
        timeoutMs,
      );
      const check = () => {
        const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
        if (match !== null && /connectors: /.test(output)) {
          clearTimeout(timer);
          resolve(match[1]!);
        }
      };
      child.stdout.on('data', check);
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`gateway exited with ${code}:\n${output}`));
      });
    });
    return { http, output: () => output, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

/** SIGTERM (the gateway closes its simulators), SIGKILL if it has not exited after 5 s. */
async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}
