import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { waitUntil } from '@labwire/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { ProtocolRegistry } from '../../src/protocols/registry.js';
import { startGatewayProcess } from './gateway-process.js';

const registry = new ProtocolRegistry();
const { loaded } = await registry.available();
const withDemo = loaded.filter((p) => p.startDemoSimulator !== undefined).slice(0, 2);

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function connectorStates(http: string): Promise<Record<string, string>> {
  return ((await (await fetch(`${http}/healthz`)).json()) as { connectors: Record<string, string> })
    .connectors;
}

function until(check: () => Promise<boolean>, what: string): Promise<void> {
  return waitUntil(what, check, 15_000, 50);
}

describe.skipIf(withDemo.length < 2)('hot reload of the config file', () => {
  it('starts an added connector and keeps the unchanged one connected when the file changes', async () => {
    const [first, second] = withDemo as [(typeof withDemo)[0], (typeof withDemo)[0]];
    const simA = (await first.startDemoSimulator!()) as {
      connectorOptions: Record<string, unknown>;
      close(): Promise<void>;
    };
    cleanups.push(() => simA.close());
    const simB = (await second.startDemoSimulator!()) as {
      connectorOptions: Record<string, unknown>;
      close(): Promise<void>;
    };
    cleanups.push(() => simB.close());
    const dir = await mkdtemp(join(tmpdir(), 'labwire-reload-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const file = join(dir, 'gw.yaml');
    const a = { protocol: first.name, options: simA.connectorOptions };
    await writeFile(file, stringify({ server: { port: 0 }, connectors: { a }, logging: { level: 'info' } }));
    const gateway = await startGatewayProcess([file]);
    cleanups.push(() => gateway.stop());
    await until(async () => (await connectorStates(gateway.http)).a === 'connected', 'a connected');
    await writeFile(
      file,
      stringify({
        server: { port: 0 },
        connectors: { a, b: { protocol: second.name, options: simB.connectorOptions } },
        logging: { level: 'info' },
      }),
    );
    await until(
      async () => (await connectorStates(gateway.http)).b === 'connected',
      'b started by the reload',
    );
    expect(gateway.output()).toMatch(/"started":\["b"\],"stopped":\[\],"restarted":\[\],"unchanged":\["a"\]/);
    // A broken edit is refused and the running config kept.
    await writeFile(file, 'server: [oops\n');
    await until(async () => gateway.output().includes('config reload refused'), 'the refusal');
    expect(await connectorStates(gateway.http)).toEqual({ a: 'connected', b: 'connected' });
  });
});
