import { afterEach, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { parseConfigText } from '../src/config/load.js';
import { type RunningGateway, startTestGateway, until } from './harness.js';
import { type LineInstrument, startLineInstrument } from './scaffolding/line-instrument.js';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function peerFor(): Promise<LineInstrument> {
  const peer = await startLineInstrument();
  cleanups.push(() => peer.close());
  return peer;
}

async function gateway(config: Record<string, unknown>): Promise<RunningGateway> {
  const gw = await startTestGateway(config);
  cleanups.push(() => gw.close());
  return gw;
}

describe('hot reload', () => {
  it('restarts only the connectors whose config changed', async () => {
    const [a, b, b2] = [await peerFor(), await peerFor(), await peerFor()];
    const config = (bPort: number, extra: Record<string, unknown> = {}) => ({
      server: { port: 0 },
      connectors: {
        a: { protocol: 'test-line', options: { port: a.port } },
        b: { protocol: 'test-line', options: { port: bPort } },
        ...extra,
      },
    });
    const gw = await gateway(config(b.port));
    await until(() => a.connections() === 1 && b.connections() === 1, 'both connected');
    const aBefore = gw.gateway.connectors.get('a');
    const next = await parseConfigText(
      stringify(config(b2.port, { c: { protocol: 'test-line', options: { port: a.port } } })),
      'r.yaml',
      {
        registry: gw.registry,
        env: {},
      },
    );
    const result = await gw.gateway.reload(next);
    expect(result).toEqual({ started: ['c'], stopped: [], restarted: ['b'], unchanged: ['a'] });
    expect(gw.gateway.connectors.get('a')).toBe(aBefore);
    await until(
      () => b2.connections() === 1 && b.connections() === 0 && a.connections() === 2,
      'b moved to b2, c on a',
    );
    const removed = await parseConfigText(
      stringify({ connectors: { a: { protocol: 'test-line', options: { port: a.port } } } }),
      'r.yaml',
      {
        registry: gw.registry,
        env: {},
      },
    );
    expect(await gw.gateway.reload(removed)).toEqual({
      started: [],
      stopped: ['b', 'c'],
      restarted: [],
      unchanged: ['a'],
    });
  });

  it('applies new tokens to open sessions: a revoked token is disconnected', async () => {
    const token = 'reloadable-token-0123456789';
    const gw = await gateway({ auth: { tokens: [{ name: 'x', token, role: 'read' }] } });
    const client = await gw.client({ token });
    const closed = new Promise<number>((r) => client.on('close', ({ code }) => r(code)));
    const next = await parseConfigText(
      stringify({
        server: { port: 0 },
        auth: { tokens: [{ name: 'y', token: 'another-token-0123456789', role: 'read' }] },
      }),
      'r.yaml',
      {
        registry: gw.registry,
        env: {},
      },
    );
    await gw.gateway.reload(next);
    expect(await closed).toBe(4401);
  });
});

describe('bridge routes', () => {
  it('turns property updates of one connector into mapped commands of another', async () => {
    const stage = await peerFor();
    const focuser = await peerFor();
    const gw = await gateway({
      connectors: {
        stage: { protocol: 'test-line', options: { port: stage.port } },
        focuser: { protocol: 'test-line', options: { port: focuser.port } },
      },
      bridges: [
        {
          name: 'stage-drives-focuser',
          from: { topic: 'stage/+/position', kinds: ['property'], where: { change: 'updated' } },
          to: {
            connector: 'focuser',
            target: 'Focuser/{device}',
            action: 'set',
            args: { ABS: { $from: 'members.value.value', scale: 1000, round: true }, source: '$topic' },
          },
        },
      ],
    });
    await until(() => stage.connections() === 1 && focuser.connections() === 1, 'both connected');
    stage.broadcast({ device: 'mover', property: 'position', value: 1.5 }); // defined: filtered by where
    stage.broadcast({ device: 'mover', property: 'position', value: 2.25 });
    stage.broadcast({ device: 'mover', property: 'speed', value: 9 }); // other property: not routed
    await until(() => focuser.commands.length === 1, 'the bridged command');
    expect(focuser.commands[0]).toMatchObject({
      target: 'Focuser/mover',
      action: 'set',
      args: { ABS: 2250, source: 'stage/mover/position' },
    });
    let metrics = '';
    for (let i = 0; i < 100 && !metrics.includes('outcome="done"} 1'); i++) {
      await new Promise((r) => setTimeout(r, 10));
      metrics = await (await gw.http('/metrics')).text();
    }
    expect(metrics).toMatch(
      /labwire_bridge_commands_total\{bridge="stage-drives-focuser",outcome="done"\} 1/,
    );
  });
});
