import type { BusEvent } from '@labwire/core';
import { waitUntil } from '@labwire/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { ImbClient } from '../client/imb-client.js';
import { decodeString } from '../codec/index.js';
import { startDemoSimulator } from '../simulator/demo-simulator.js';
import { ImbConnector } from './imb-connector.js';
import { ImbConnectorOptionsSchema } from './options-schema.js';

const closers: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  while (closers.length > 0) await closers.pop()!().catch(() => {});
});

describe('ImbConnector against the demo simulator', () => {
  it('maps strings to messages, change objects to property updates and streams to data', async () => {
    const sim = await startDemoSimulator({ intervalMs: 20 });
    closers.push(() => sim.close());
    const options = ImbConnectorOptionsSchema.parse(JSON.parse(JSON.stringify(sim.connectorOptions)));
    const connector = new ImbConnector({ id: 'imb1', reconnect: false, ...options });
    closers.push(() => connector.stop());
    const events: BusEvent[] = [];
    connector.subscribe('#', (e) => {
      events.push(e);
    });
    await connector.start();
    await waitUntil(
      'a data event and a property update',
      () =>
        events.some((e) => e.kind === 'data') &&
        events.some((e) => e.kind === 'property' && e.change === 'updated'),
    );
    const message = events.find((e) => e.kind === 'message');
    expect(message).toMatchObject({
      device: 'demo',
      severity: 'info',
      topic: 'imb1/demo/temperature',
      protocol: 'imb',
    });
    const update = events.find((e) => e.kind === 'property' && e.change === 'updated');
    expect(update).toMatchObject({ device: 'demo', property: 'stage', type: 'json' });
    const data = events.find((e) => e.kind === 'data');
    expect(data).toMatchObject({
      device: 'demo',
      property: 'spectrum',
      dtype: 'bytes',
      shape: [512],
      byteLength: 512,
    });
    expect(data?.kind === 'data' && data.payload instanceof Uint8Array).toBe(true);
    expect(await connector.browse()).toContainEqual(
      expect.objectContaining({
        name: 'demo',
        properties: expect.arrayContaining([expect.objectContaining({ name: 'commands', permission: 'wo' })]),
      }),
    );
  });

  it('signals commands on events and resolves once sent', async () => {
    const sim = await startDemoSimulator({ intervalMs: 1000 });
    closers.push(() => sim.close());
    const watcher = await ImbClient.connect('127.0.0.1', sim.connectorOptions.port, {
      ownerId: 3,
      ownerName: 'watcher',
      federation: 'demo',
    });
    closers.push(() => watcher.disconnect());
    const seen: string[] = [];
    watcher
      .subscribe('commands')
      .onEvent('*', (e) =>
        seen.push(e.kind === 'ekNormalEvent' ? decodeString(e.body) : String(e.fields?.attribute)),
      );
    const connector = new ImbConnector({ id: 'imb2', reconnect: false, ...sim.connectorOptions });
    closers.push(() => connector.stop());
    await connector.start();
    await new Promise((r) => setTimeout(r, 50));
    await expect(
      connector.command({ target: 'demo/commands', action: 'set', args: 'start' }),
    ).resolves.toMatchObject({
      result: { sent: true, eventName: 'demo.commands' },
    });
    await connector.command({
      target: 'demo/commands',
      action: 'set',
      args: { action: 2, objectId: 1, attribute: 'speed' },
    });
    await waitUntil('seen.length === 2', () => seen.length === 2);
    expect(seen).toEqual(['start', 'speed']);
    await expect(connector.command({ target: 'nodot', action: 'set', args: 'x' })).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
    });
  });

  it('reports a lost hub as a disconnection and reconnects when it is back', async () => {
    const sim = await startDemoSimulator({ intervalMs: 1000 });
    closers.push(() => sim.close());
    const connector = new ImbConnector({
      id: 'imb3',
      reconnect: { initialDelayMs: 20, maxDelayMs: 40, jitter: 0 },
      ...sim.connectorOptions,
    });
    closers.push(() => connector.stop());
    const states: string[] = [];
    connector.subscribe('', (e) => {
      if (e.kind === 'connection') states.push(e.state);
    });
    await connector.start();
    await waitUntil("sim.hub.connections.some((c) => c.ownerName === 'labwire gateway')", () =>
      sim.hub.connections.some((c) => c.ownerName === 'labwire gateway'),
    );
    sim.hub.connections.find((c) => c.ownerName === 'labwire gateway')!.transport.destroy();
    await waitUntil(
      "states.filter((s) => s === 'connected').length === 2",
      () => states.filter((s) => s === 'connected').length === 2,
    );
    expect(states).toContain('disconnected');
  });
});
