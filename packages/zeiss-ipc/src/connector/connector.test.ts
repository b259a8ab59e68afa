import { Bus, type BusEvent, ErrorCode, isLabwireError } from '@labwire/core';
import { afterEach, describe, expect, it } from 'vitest';
import { ZeissInspectSimulator } from '../simulator/simulator.js';
import { startDemoSimulator } from '../simulator/demo.js';
import { ZeissIpcConnector } from './connector.js';
import { ZeissIpcConnectorOptionsSchema } from './options.js';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function demo() {
  const d = await startDemoSimulator({ newScanEveryMs: 0 });
  cleanups.push(d.close);
  return d;
}

function connector(options: ConstructorParameters<typeof ZeissIpcConnector>[0]) {
  const c = new ZeissIpcConnector(options);
  cleanups.push(() => c.stop());
  return c;
}

function collect(bus: Bus): BusEvent[] {
  const events: BusEvent[] = [];
  bus.subscribe('#', (e) => {
    events.push(e);
  });
  return events;
}

describe('ZeissIpcConnector', () => {
  it('connects to the demo simulator, announces the device and acknowledges commands with the reply', async () => {
    const d = await demo();
    const options = ZeissIpcConnectorOptionsSchema.parse(JSON.parse(JSON.stringify(d.connectorOptions)));
    const bus = new Bus({ validate: true });
    const events = collect(bus);
    const c = connector({ id: 'zeiss', bus, ...options });
    await c.start();
    expect(events.some((e) => e.kind === 'device' && e.device === 'inspect' && e.change === 'added')).toBe(
      true,
    );
    const browse = await c.browse();
    expect(browse[0]!.properties.map((p) => p.name)).toEqual([
      'image',
      'elements',
      'request',
      'quit',
      'lastReply',
    ]);

    const result = await c.command({
      target: 'inspect/image',
      action: 'invoke',
      args: { file: 'C:/demo/part1.jpg', name: 'Default', focalLength: 35 },
    });
    expect(result.result).toEqual({ reply: { type: 'ok' }, text: 'O.k.' });
    const done = events.find((e) => e.kind === 'command' && e.status === 'done');
    expect(done?.topic).toBe('zeiss/inspect/image');
    const updated = events.filter(
      (e) => e.kind === 'property' && e.property === 'lastReply' && e.change === 'updated',
    );
    expect(updated.at(-1)).toMatchObject({
      members: [
        { name: 'text', value: 'O.k.' },
        { name: 'type', value: 'ok' },
      ],
    });
    expect(events.some((e) => e.kind === 'message' && e.text === 'O.k.' && e.severity === 'info')).toBe(true);
  });

  it('fails an Error: reply with COMMAND_FAILED and the parsed reason', async () => {
    const d = await demo();
    const c = connector({ id: 'z', ...d.connectorOptions });
    await c.start();
    const err = await c
      .command({
        target: 'inspect/elements',
        action: 'invoke',
        args: { file: 'C:/demo/missing.gxml', importMode: 'clipboard' },
      })
      .catch((e: unknown) => e);
    expect(isLabwireError(err, ErrorCode.COMMAND_FAILED)).toBe(true);
    expect((err as Error).message).toBe('Elements file C:/demo/missing.gxml could not be read.');
  });

  it('reports a 1011 crash as OUTCOME_UNKNOWN and reconnects', async () => {
    const d = await demo();
    const c = connector({ id: 'z', ...d.connectorOptions, reconnect: { initialDelayMs: 10, jitter: 0 } });
    await c.start();
    const err = await c
      .command({ target: 'inspect/request', action: 'invoke', args: 42 })
      .catch((e: unknown) => e);
    expect(isLabwireError(err, ErrorCode.OUTCOME_UNKNOWN)).toBe(true);
    for (let i = 0; i < 100 && c.state !== 'connected'; i++) await new Promise((r) => setTimeout(r, 10));
    expect(c.state).toBe('connected');
    const ok = await c.command({
      target: 'inspect',
      action: 'raw',
      args: '{"elements": {"file": "C:/demo/points.gxml", "import_mode": "new_stage"}}',
    });
    expect(ok.result).toMatchObject({ text: 'O.k.' });
    expect(c.counters.reconnects).toBe(1);
  });

  it('reports a timeout as OUTCOME_UNKNOWN, not as a failure', async () => {
    const sim = new ZeissInspectSimulator({
      port: 0,
      host: { files: ['a.jpg'], series: ['S'], delaysMs: { import_other_images: 500 } },
    });
    await sim.listen();
    cleanups.push(() => sim.close());
    const c = connector({ id: 'z', url: sim.url, reconnect: false });
    await c.start();
    const err = await c
      .command({
        target: 'inspect/image',
        action: 'invoke',
        args: { file: 'a.jpg', name: 'S', focalLength: 1 },
        timeoutMs: 150,
      })
      .catch((e: unknown) => e);
    expect(isLabwireError(err, ErrorCode.OUTCOME_UNKNOWN)).toBe(true);
  });

  it('refuses unknown targets and bad arguments without sending anything', async () => {
    const d = await demo();
    const c = connector({ id: 'z', ...d.connectorOptions });
    await c.start();
    await expect(c.command({ target: 'other/image', action: 'invoke', args: {} })).rejects.toMatchObject({
      code: ErrorCode.NOT_FOUND,
    });
    await expect(
      c.command({ target: 'inspect/image', action: 'invoke', args: { file: 1 } }),
    ).rejects.toMatchObject({
      code: ErrorCode.INVALID_ARGUMENT,
    });
    await expect(c.command({ target: 'inspect/image', action: 'set', args: {} })).rejects.toMatchObject({
      code: ErrorCode.UNSUPPORTED,
    });
    expect(d.simulator.server.counters.requests).toBe(0);
  });
});
