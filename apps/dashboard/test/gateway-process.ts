import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The built gateway CLI (the root `pnpm test` builds before it runs tests). */
export const GATEWAY_CLI = fileURLToPath(new URL('../../gateway/dist/cli.js', import.meta.url));
/** The built dashboard the gateway serves. */
export const DASHBOARD_INDEX = fileURLToPath(new URL('../dist/index.html', import.meta.url));
/** The INDI package's simulator CLI: an instrument for a gateway started from a config file. */
export const INDI_SIMULATOR_CLI = fileURLToPath(
  new URL('../../../packages/indi/dist/simulator/cli.js', import.meta.url),
);

export interface NodeProcess {
  /** The first capture group of the line that said it is ready. */
  ready: string;
  output(): string;
  stop(): Promise<void>;
}

/** A gateway child; `http` is `http://127.0.0.1:<port>` as it printed it. */
export interface GatewayProcess extends NodeProcess {
  http: string;
}

/**
 * Starts `labwire-gateway start` in demo mode (no config) on 127.0.0.1 and a free port, and
 * resolves with the address it prints once it listens.
 */
export function startDemoGateway(): Promise<GatewayProcess> {
  // No indiserver child: the five in-process simulators are what the tests look at.
  return startGateway(['--host', '127.0.0.1', '--port', '0', '--no-indiserver']);
}

/** `labwire-gateway start <args>`; resolves once it prints where it listens and its connectors. */
export async function startGateway(args: string[]): Promise<GatewayProcess> {
  if (!existsSync(DASHBOARD_INDEX))
    throw new Error(`${DASHBOARD_INDEX} is missing: build first (pnpm build)`);
  const child = await startNode(
    GATEWAY_CLI,
    ['start', ...args, '--log-level', 'warn'],
    /listening on (http:\/\/127\.0\.0\.1:\d+)[\s\S]*connectors: /,
  );
  return { ...child, http: child.ready };
}

/** Runs a built Node script and resolves when its output matches `ready` (bounded in time). */
export async function startNode(
  script: string,
  args: string[],
  ready: RegExp,
  timeoutMs = 30_000,
): Promise<NodeProcess> {
  if (!existsSync(script)) throw new Error(`${script} is missing: build first (pnpm build)`);
  const child = spawn(process.execPath, [script, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const stop = () => stopChild(child);
  try {
    const match = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`${script} not ready in ${timeoutMs} ms:\n${output}`)),
        timeoutMs,
      );
      const collect = (chunk: Buffer) => {
        output += chunk.toString();
        const found = ready.exec(output);
        if (found !== null) {
          clearTimeout(timer);
          resolve(found[1] ?? found[0]);
        }
      };
      child.stdout.on('data', collect);
      child.stderr.on('data', collect);
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`${script} exited with ${code}:\n${output}`));
      });
    });
    return { ready: match, output: () => output, stop };
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
