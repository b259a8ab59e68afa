import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ProtocolRegistry } from '../../src/protocols/registry.js';
import { startDemoSimulator, writeTempConfig } from './e2e-fixtures.js';
import { type GatewayProcess, startGatewayProcess } from './gateway-process.js';

const registry = new ProtocolRegistry();
const indi = await registry.load('indi').catch(() => undefined);

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe.skipIf(indi === undefined)('--record', () => {
  it('writes a labwire-capture/1 session of what the connector and the instrument exchanged', async () => {
    const sim = await startDemoSimulator(indi!, cleanups);
    const { dir, file } = await writeTempConfig(
      'labwire-record-',
      {
        server: { port: 0 },
        connectors: { scope: { protocol: 'indi', options: sim.connectorOptions } },
      },
      cleanups,
    );
    const gateway: GatewayProcess = await startGatewayProcess([
      file,
      '--record',
      join(dir, 'captures'),
      '--log-level',
      'warn',
    ]);
    cleanups.push(() => gateway.stop());
    const deadline = Date.now() + 15_000;
    let state = '';
    while (state !== 'connected' && Date.now() < deadline) {
      state =
        ((await (await fetch(`${gateway.http}/healthz`)).json()) as { connectors: Record<string, string> })
          .connectors.scope ?? '';
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(state).toBe('connected');
    expect(await gateway.stop()).toBe(0);
    expect(await readdir(join(dir, 'captures'))).toEqual(['scope.capture.jsonl']);
    const lines = (await readFile(join(dir, 'captures', 'scope.capture.jsonl'), 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines[0]).toMatchObject({
      format: 'labwire-capture/1',
      protocol: 'indi',
      framing: 'stream',
      peer: `tcp://127.0.0.1:${sim.connectorOptions.port}`,
    });
    expect(lines[1]).toMatchObject({ conn: 1, event: 'open' });
    const out = lines.find((l) => l.dir === 'out');
    expect(Buffer.from(out.hex, 'hex').toString()).toMatch(/^<getProperties/);
    const inbound = lines
      .filter((l) => l.dir === 'in')
      .map((l) => Buffer.from(l.hex, 'hex').toString())
      .join('');
    expect(inbound).toContain('<defNumberVector');
    expect(lines.at(-1)).toMatchObject({ conn: 1, event: 'close' });
  });
});
