import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const CLI = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));
/** How long the gateway child may take to print where it listens. */
export const START_TIMEOUT_MS = 20_000;

export interface GatewayProcess {
  child: ChildProcess;
  http: string;
  ws: string;
  output(): string;
  /** SIGTERM, then the exit code (SIGKILL after a grace period; never hangs a test). */
  stop(): Promise<number | null>;
}

/** Runs `labwire-gateway start <args>` as a child process and waits for its listening line. */
export async function startGatewayProcess(
  args: string[],
  env: Record<string, string> = {},
): Promise<GatewayProcess> {
  const child = spawn(process.execPath, [CLI, 'start', ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const urls = await new Promise<{ http: string; ws: string }>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`gateway did not start in ${START_TIMEOUT_MS} ms:\n${out}`)),
      START_TIMEOUT_MS,
    );
    const check = () => {
      const m = /listening on (http:\/\/\S+) {2}\(WebSocket: (ws:\/\/\S+)\)/.exec(out);
      if (m) {
        clearTimeout(timer);
        child.stdout.off('data', check);
        resolve({ http: m[1]!, ws: m[2]! });
      }
    };
    child.stdout.on('data', check);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`gateway exited with ${code} before listening:\n${out}`));
    });
  });
  return {
    child,
    ...urls,
    output: () => out,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      child.kill('SIGTERM');
      const kill = setTimeout(() => child.kill('SIGKILL'), 15_000);
      const code = await exited;
      clearTimeout(kill);
      return code;
    },
  };
}
