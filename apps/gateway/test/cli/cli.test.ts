import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

export const CLI = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));

const children: ChildProcess[] = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

function run(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, ...env } });
    children.push(child);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

async function tempFile(name: string, text: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'labwire-cli-'));
  dirs.push(dir);
  const file = join(dir, name);
  await writeFile(file, text);
  return file;
}

describe('labwire-gateway CLI', () => {
  it('prints an example config', async () => {
    const { code, stdout } = await run(['example-config']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^# labwire gateway configuration/);
    expect(stdout).toContain('connectors:');
  });

  it('prints JSON Schemas of the config file and of the API', async () => {
    const config = await run(['config-schema']);
    expect(config.code).toBe(0);
    const schema = JSON.parse(config.stdout) as { title: string; properties: Record<string, unknown> };
    expect(schema.title).toBe('labwire gateway configuration');
    expect(Object.keys(schema.properties)).toEqual(['server', 'auth', 'connectors', 'bridges', 'logging']);
    const api = await run(['api-schema']);
    expect(Object.keys((JSON.parse(api.stdout) as { $defs: object }).$defs)).toContain('ClientMessage');
  });

  it('validate names the line and path of each problem and exits 1', async () => {
    const file = await tempFile(
      'bad.yaml',
      'server:\n  port: 99999\nauth:\n  tokens:\n    - name: a\n      token: short\n      role: god\n',
    );
    const { code, stderr } = await run(['validate', file]);
    expect(code).toBe(1);
    expect(stderr).toMatch(/bad\.yaml:2:\d+ {2}server\.port: .*65535/);
    expect(stderr).toMatch(
      /bad\.yaml:6:\d+ {2}auth\.tokens\[0\]\.token: tokens must be at least 16 characters/,
    );
    expect(stderr).toMatch(/bad\.yaml:7:\d+ {2}auth\.tokens\[0\]\.role: /);
  });

  it('validate accepts a good file and summarises it', async () => {
    const file = await tempFile(
      'good.json',
      JSON.stringify({
        server: { port: 9000 },
        // biome-ignore lint/suspicious/noTemplateCurlyInString: the config's env reference syntax
        auth: { tokens: [{ name: 'a', token: '${T}', role: 'read' }] },
      }),
    );
    const { code, stdout } = await run(['validate', file], { T: 'a-token-from-the-env-123' });
    expect(code).toBe(0);
    expect(stdout).toMatch(
      /ok — 0 connector\(s\) enabled of 0, 0 bridge\(s\), 1 token\(s\), listening on 127\.0\.0\.1:9000/,
    );
  });

  it('starts from a config file, prints where it listens, serves /healthz and exits 0 on SIGTERM', async () => {
    const file = await tempFile('gw.yaml', 'server: { port: 0 }\nlogging: { level: warn }\n');
    const child = spawn(process.execPath, [CLI, 'start', file], { stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(child);
    let out = '';
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (d) => {
        out += d;
        const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
        if (m) resolve(m[1]!);
      });
      child.on('exit', (code) => reject(new Error(`exited ${code}: ${out}`)));
    });
    const health = await (await fetch(`${url}/healthz`)).json();
    expect(health).toMatchObject({ status: 'ok' });
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
