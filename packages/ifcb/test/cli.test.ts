import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { IfcbClient, type RelayedMessage } from '../src/index.js';

// The CLI as published (dist); the package is built before its tests run (root `pnpm test`).
const CLI = fileURLToPath(new URL('../dist/simulator/cli.js', import.meta.url));

describe('labwire-ifcb-hub', () => {
  let child: ChildProcess | undefined;
  let client: IfcbClient | undefined;
  afterEach(async () => {
    await client?.disconnect();
    if (child !== undefined && child.exitCode === null) {
      const exited = new Promise((r) => child!.once('exit', r));
      child.kill('SIGKILL');
      await exited;
    }
  });

  it('runs a hub a client can use, and stops on SIGTERM', { timeout: 20_000 }, async () => {
    expect(existsSync(CLI), `${CLI} (build the package first)`).toBe(true);
    child = spawn(process.execPath, [CLI, '--port', '0', '--mode', 'responsive', '--serial', '222-222-222'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      const timer = setTimeout(() => reject(new Error(`no URL printed: ${out}`)), 10_000);
      child!.stdout!.on('data', (d: Buffer) => {
        out += d.toString();
        const m = /(ws:\/\/127\.0\.0\.1:\d+\/ifcbHub)/.exec(out);
        if (m !== null) {
          clearTimeout(timer);
          resolve(m[1]!);
        }
      });
    });
    client = new IfcbClient(url, '222-222-222', { reconnect: false });
    const seen: RelayedMessage[] = [];
    client.onAny((m) => seen.push(m));
    await client.connect();
    await client.setDataFolder('/data/x');
    const deadline = Date.now() + 5_000;
    while (!seen.some((m) => m.text === 'valuechanged:setdatafolder:/data/x') && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 10));
    }
    expect(seen.map((m) => m.text)).toContain('valuechanged:setdatafolder:/data/x');
    await client.disconnect();
    const code = new Promise<number | null>((r) => child!.once('exit', (c) => r(c)));
    child.kill('SIGTERM');
    expect(await code).toBe(0);
  });

  it('refuses bad options with exit code 2', async () => {
    expect(existsSync(CLI)).toBe(true);
    child = spawn(process.execPath, [CLI, '--mode', 'loud'], { stdio: 'ignore' });
    const code = await new Promise<number | null>((r) => child!.once('exit', (c) => r(c)));
    expect(code).toBe(2);
  });
});
