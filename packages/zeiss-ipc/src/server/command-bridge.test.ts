import { ErrorCode } from '@labwire/core';
import { afterEach, describe, expect, it } from 'vitest';
import { ZeissIpcClient } from '../client/client.js';
import { ZeissIpcConnector } from '../connector/connector.js';
import { ZeissInspectSimulator } from '../simulator/simulator.js';
import { bridgeCommands } from './command-bridge.js';
import { ZeissIpcServer } from './ipc-server.js';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe('bridgeCommands: the interface offered northbound over bus commands', () => {
  it('a ZEISS client → our server → bus command → connector → simulated ZEISS INSPECT', async () => {
    const sim = new ZeissInspectSimulator({
      port: 0,
      host: { files: ['a.jpg'], series: ['S'], failCommands: [] },
    });
    await sim.listen();
    cleanups.push(() => sim.close());
    const south = new ZeissIpcConnector({ id: 'south', url: sim.url, reconnect: false });
    await south.start();
    cleanups.push(() => south.stop());
    const north = new ZeissIpcServer({
      port: 0,
      commands: bridgeCommands(south, {
        image: {
          target: 'inspect/image',
          args: (v) => {
            const { file, name, focal_length } = v as Record<string, unknown>;
            return { file, name, focalLength: Number(focal_length) };
          },
        },
        crash: { target: 'inspect/request', args: () => 42 },
      }),
    });
    await north.listen();
    cleanups.push(() => north.close());
    const client = new ZeissIpcClient({ url: north.url, reconnect: false });
    cleanups.push(() => client.close());

    await expect(client.importImage({ file: 'a.jpg', name: 'S', focalLength: 12.5 })).resolves.toEqual({
      type: 'ok',
    });
    expect(sim.host.callsAsJson()).toHaveLength(1);
    await expect(client.importImage({ file: 'b.jpg', name: 'S', focalLength: 1 })).rejects.toMatchObject({
      code: ErrorCode.COMMAND_FAILED,
      message: 'Image file b.jpg could not be read.',
    });
    // Southbound 1011 (outcome unknown) becomes a northbound 1011.
    await expect(client.send({ command: 'custom', body: { crash: {} } })).rejects.toMatchObject({
      code: ErrorCode.OUTCOME_UNKNOWN,
      details: { closeCode: 1011 },
    });
  });
});
