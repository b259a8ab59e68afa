import { Bus, ErrorCode } from '@labwire/core';
import { memoryPair, rechunk, standardSplits } from '@labwire/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { ZeissIpcClient } from '../client/client.js';
import { ZeissIpcConnector } from '../connector/connector.js';
import { ZeissInspectSimulator } from './simulator.js';

/** The loopback scenarios again, over in-memory pairs served with `server.accept()`. */
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function simulator(options: ConstructorParameters<typeof ZeissInspectSimulator>[0]) {
  const sim = new ZeissInspectSimulator(options);
  cleanups.push(() => sim.close());
  return sim;
}

describe('simulator over memory pairs', () => {
  it('example dialect: replies, crash as a 1011 close, quit as bye + 1000', async () => {
    const sim = simulator({ host: { files: ['p.gxml'] } });
    const factory = () => {
      const pair = memoryPair('message');
      sim.server.accept(pair.server);
      return pair.client;
    };
    const client = new ZeissIpcClient({ transport: factory, reconnect: false });
    cleanups.push(() => client.close());
    await expect(client.importElements({ file: 'p.gxml', importMode: 'clipboard' })).resolves.toEqual({
      type: 'ok',
    });
    await expect(client.send({ command: 'custom', body: null })).rejects.toMatchObject({
      code: ErrorCode.OUTCOME_UNKNOWN,
      details: { closeCode: 1011 },
    });
    await expect(client.quit()).resolves.toEqual({ type: 'bye' });
    await expect(client.send({ command: 'custom', body: { a: [1.5, 'x'] } })).resolves.toMatchObject({
      echo: "{'a': [1.5, 'x']}",
    });
    expect(sim.host.calls).toHaveLength(1);
  });

  it('legacy-tcp over a stream pair, replies re-split at every byte and at random', async () => {
    for (const split of standardSplits([5])) {
      const sim = simulator({ dialect: 'legacy-tcp', host: { files: ['p.gxml'] } });
      const factory = () => {
        const pair = memoryPair('stream');
        sim.server.accept(pair.server);
        return rechunk(pair.client, split);
      };
      const client = new ZeissIpcClient({ transport: factory, dialect: 'legacy-tcp' });
      await expect(client.importElements({ file: 'p.gxml', importMode: 'new_stage' })).resolves.toEqual({
        type: 'ok',
      });
      await expect(client.send({ command: 'custom', body: { quit: 'é' } })).resolves.toMatchObject({
        echo: "{'quit': 'é'}",
      });
      await client.close();
    }
  });

  it('the connector runs over a memory transport and releases everything on stop', async () => {
    const sim = simulator({ host: { files: ['a.jpg'], series: ['S'] } });
    const before = process.getActiveResourcesInfo().length;
    const connector = new ZeissIpcConnector({
      id: 'mem',
      bus: new Bus(),
      url: 'ws://unused',
      transport: () => {
        const pair = memoryPair('message');
        sim.server.accept(pair.server);
        return pair.client;
      },
    });
    await connector.start();
    await expect(
      connector.command({
        target: 'inspect/image',
        action: 'invoke',
        args: { file: 'a.jpg', name: 'S', focalLength: 3 },
      }),
    ).resolves.toMatchObject({
      result: { text: 'O.k.' },
    });
    await connector.stop();
    expect(connector.state).toBe('stopped');
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(process.getActiveResourcesInfo().length).toBeLessThanOrEqual(before);
  });
});
