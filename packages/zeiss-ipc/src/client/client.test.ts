import { ErrorCode, isLabwireError } from '@labwire/core';
import { memoryPair } from '@labwire/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ZeissInspectSimulator } from '../simulator/simulator.js';
import { ZeissIpcClient } from './client.js';
import { defineCommand } from './custom-command.js';

const open: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  for (const item of open.splice(0).reverse()) await item.close();
});

async function start(options: ConstructorParameters<typeof ZeissInspectSimulator>[0] = {}) {
  const sim = new ZeissInspectSimulator({ port: 0, ...options });
  await sim.listen();
  open.push(sim);
  return sim;
}

function client(url: string, options: Partial<ConstructorParameters<typeof ZeissIpcClient>[0]> = {}) {
  const c = new ZeissIpcClient({ url, reconnect: false, ...options });
  open.push(c);
  return c;
}

async function rejection(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (err) {
    return err;
  }
  throw new Error('expected a rejection');
}

describe('ZeissIpcClient against the simulator on loopback', () => {
  it('imports an image and elements; the simulator logs the instrument calls', async () => {
    const sim = await start({ host: { files: ['C:/temp/a.jpg', 'C:/temp/p.gxml'] } });
    const c = client(sim.url);
    await expect(c.importImage({ file: 'C:/temp/a.jpg', name: 'S1', focalLength: 50 })).resolves.toEqual({
      type: 'ok',
    });
    await expect(c.importElements({ file: 'C:/temp/p.gxml', importMode: 'clipboard' })).resolves.toEqual({
      type: 'ok',
    });
    expect(sim.host.callsAsJson().map((call) => call.command)).toEqual([
      'create_measurement_series_for_other_images',
      'import_other_images',
      'import_gom_inspection_exchange',
    ]);
    expect(sim.host.callsAsJson()[0]!.args).toEqual({ camera_focal_length: '50.0', name: 'S1' });
    expect(c.counters).toMatchObject({ requests: 2, replies: 2, bytesIn: 8, connects: 1 });
  });

  it('reports an Error: reply as COMMAND_FAILED with the parsed reason', async () => {
    const sim = await start();
    const c = client(sim.url);
    const err = await rejection(c.importImage({ file: 'C:/nope.jpg', name: 'S', focalLength: 1 }));
    expect(isLabwireError(err, ErrorCode.COMMAND_FAILED)).toBe(true);
    expect((err as Error).message).toBe('Image file C:/nope.jpg could not be read.');
    expect((err as { details: { reply: unknown } }).details.reply).toMatchObject({
      error: 'fileUnreadable',
      file: 'C:/nope.jpg',
    });
  });

  it('reports a 1011 crash as OUTCOME_UNKNOWN, then reconnects for the next request', async () => {
    const sim = await start({
      host: { files: ['x.jpg'], failCommands: ['create_measurement_series_for_other_images'] },
    });
    const c = client(sim.url);
    const err = await rejection(c.importImage({ file: 'x.jpg', name: 'new', focalLength: 2 }));
    expect(isLabwireError(err, ErrorCode.OUTCOME_UNKNOWN)).toBe(true);
    expect((err as { details: { closeCode: number } }).details.closeCode).toBe(1011);
    // The create did run: exactly why the outcome is unknown rather than failed.
    expect(sim.host.calls).toHaveLength(1);
    await expect(c.send({ command: 'custom', body: { foo: 1 } })).resolves.toMatchObject({
      error: 'unknownRequest',
      echo: "{'foo': 1}",
    });
    expect(c.counters.outcomeUnknown).toBe(1);
    expect(c.counters.connects).toBe(2);
  });

  it('reports a timeout as OUTCOME_UNKNOWN and does not trust that connection again', async () => {
    const sim = await start({
      host: { files: ['p.gxml'], delaysMs: { import_gom_inspection_exchange: 400 } },
    });
    const c = client(sim.url);
    const err = await rejection(
      c.importElements({ file: 'p.gxml', importMode: 'new_stage' }, { timeoutMs: 50 }),
    );
    expect(isLabwireError(err, ErrorCode.OUTCOME_UNKNOWN)).toBe(true);
    expect((err as { details: { timeoutMs: number } }).details.timeoutMs).toBe(50);
    // The late O.k. of the first request must not be taken as the reply to the second.
    await expect(c.send({ command: 'custom', body: ['x'] })).resolves.toMatchObject({
      error: 'unknownRequest',
      echo: "['x']",
    });
  });

  it('keeps one request in flight and answers queued requests in order', async () => {
    const sim = await start({
      host: { files: ['p.gxml'], delaysMs: { import_gom_inspection_exchange: 30 } },
    });
    const c = client(sim.url);
    let maxInFlight = 0;
    sim.server.on('request', () => {
      maxInFlight = Math.max(maxInFlight, sim.server.counters.requests - sim.server.counters.replies);
    });
    const replies = await Promise.all([
      c.send({ command: 'elements', file: 'p.gxml', importMode: 'clipboard' }),
      c.send({ command: 'custom', body: { a: 1 } }),
      c.send({ command: 'custom', body: { b: 2 } }),
    ]);
    expect(replies).toEqual([
      { type: 'ok' },
      { type: 'error', error: 'unknownRequest', echo: "{'a': 1}", message: "Unknown request:\n{'a': 1}" },
      { type: 'error', error: 'unknownRequest', echo: "{'b': 2}", message: "Unknown request:\n{'b': 2}" },
    ]);
    expect(maxInFlight).toBe(1);
  });

  it('quits with bye; the example server keeps serving and the client reconnects on demand', async () => {
    const sim = await start();
    const c = client(sim.url);
    await c.connect();
    await expect(c.quit()).resolves.toEqual({ type: 'bye' });
    await expect(c.send({ command: 'custom', body: {} })).resolves.toMatchObject({ echo: '{}' });
  });

  it('escapes what the reference client would break on', async () => {
    const path = 'C:\\temp\\new "x".gxml';
    const sim = await start({ host: { files: [path] } });
    const c = client(sim.url);
    await expect(c.importElements({ file: path, importMode: 'clipboard' })).resolves.toEqual({ type: 'ok' });
    expect(sim.host.callsAsJson()[0]!.args).toEqual({ files: [path], import_mode: 'clipboard' });
  });

  it('sends custom commands validated by a zod schema', async () => {
    const measure = defineCommand(
      'measure',
      z.object({ element: z.string(), radius: z.number().positive() }),
    );
    const sim = await start({ dialect: 'basics' });
    const c = client(sim.url, { dialect: 'basics' });
    await expect(c.invoke(measure, { element: 'circle', radius: 2 })).resolves.toEqual({ type: 'ok' });
    const err = await rejection(c.invoke(measure, { element: 'circle', radius: -1 }));
    expect(isLabwireError(err, ErrorCode.INVALID_ARGUMENT)).toBe(true);
  });

  it('refuses a request above 1 MiB before sending it', async () => {
    const sim = await start();
    const c = client(sim.url);
    const err = await rejection(c.send({ command: 'custom', body: 'x'.repeat(1024 * 1024) }));
    expect(isLabwireError(err, ErrorCode.LIMIT_EXCEEDED)).toBe(true);
    expect(sim.server.counters.requests).toBe(0);
  });

  it('speaks legacy-tcp: one connection per request, 0x04 framing, CR LF replies', async () => {
    const sim = await start({ dialect: 'legacy-tcp', host: { files: ['p.gxml'] } });
    const c = client(sim.url, { dialect: 'legacy-tcp' });
    await expect(c.importElements({ file: 'p.gxml', importMode: 'clipboard' })).resolves.toEqual({
      type: 'ok',
    });
    await expect(c.send({ command: 'custom', body: { quit: true } })).resolves.toMatchObject({
      echo: "{'quit': True}",
    });
    expect(c.counters.connects).toBe(2);
  });

  it('reconnects in the background after the server drops the connection', async () => {
    const sim = await start();
    const c = new ZeissIpcClient({ url: sim.url, reconnect: { initialDelayMs: 10, jitter: 0 } });
    open.push(c);
    await c.connect();
    const reopened = new Promise<void>((resolve) => c.once('open', () => resolve()));
    const reconnecting = new Promise<number>((resolve) =>
      c.once('reconnecting', (attempt) => resolve(attempt)),
    );
    await expect(c.send({ command: 'custom', body: 42 })).rejects.toMatchObject({
      code: ErrorCode.OUTCOME_UNKNOWN,
    });
    expect(await reconnecting).toBe(1);
    await reopened;
    expect(c.connected).toBe(true);
  });
});

describe('ZeissIpcClient connection per request and aborts', () => {
  it('opens and closes a connection per request, like the reference client', async () => {
    const sim = await start();
    const c = client(sim.url, { connectionPerRequest: true });
    await c.send({ command: 'custom', body: { a: 1 } });
    await c.send({ command: 'custom', body: { b: 2 } });
    expect(c.counters.connects).toBe(2);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(sim.server.connectionCount).toBe(0);
  });

  it('an abort before sending is ABORTED (nothing ran); after sending it is OUTCOME_UNKNOWN', async () => {
    const sim = await start({
      host: { files: ['p.gxml'], delaysMs: { import_gom_inspection_exchange: 200 } },
    });
    const c = client(sim.url);
    const slow = new AbortController();
    const queued = new AbortController();
    const first = c.send(
      { command: 'elements', file: 'p.gxml', importMode: 'clipboard' },
      { signal: slow.signal },
    );
    const second = c.send(
      { command: 'elements', file: 'p.gxml', importMode: 'clipboard' },
      { signal: queued.signal },
    );
    await new Promise((resolve) => setTimeout(resolve, 30));
    queued.abort();
    slow.abort();
    await expect(second).rejects.toMatchObject({ code: ErrorCode.ABORTED });
    await expect(first).rejects.toMatchObject({ code: ErrorCode.OUTCOME_UNKNOWN });
    await new Promise((resolve) => setTimeout(resolve, 250));
    // The first import still ran on the instrument: the outcome really was unknown. The second never left.
    expect(sim.host.calls).toHaveLength(1);
  });
});

describe('ZeissIpcClient close during a background reconnect', () => {
  it('leaves no connection behind', async () => {
    const sim = await start();
    const c = new ZeissIpcClient({ url: sim.url, reconnect: { initialDelayMs: 5, jitter: 0 } });
    await c.connect();
    const reconnecting = new Promise<void>((resolve) => c.once('reconnecting', () => resolve()));
    sim.server.dropConnections();
    await reconnecting;
    await new Promise((resolve) => setTimeout(resolve, 5));
    await c.close();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(c.connected).toBe(false);
    expect(sim.server.connectionCount).toBe(0);
  });
});

describe('ZeissIpcClient over an in-memory pair', () => {
  it('reports an unsolicited reply and a binary frame without taking them as replies', async () => {
    const pair = memoryPair('message');
    const c = new ZeissIpcClient({ transport: () => pair.client, reconnect: false });
    const errors: string[] = [];
    c.on('error', (e) => errors.push(e.code));
    await c.connect();
    pair.server.write('O.k.');
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(errors).toEqual(['ZEISS_UNEXPECTED_REPLY']);
    const sent: string[] = [];
    pair.server.on('data', (d) => {
      sent.push(String(d));
      pair.server.write(new Uint8Array([1, 2, 3]));
    });
    const err = await rejection(c.send({ command: 'elements', file: 'f', importMode: 'clipboard' }));
    expect(isLabwireError(err, ErrorCode.OUTCOME_UNKNOWN)).toBe(true);
    expect(sent).toEqual(['{"elements": {"file": "f", "import_mode": "clipboard"}}\n']);
    await c.close();
  });
});
