import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { z } from 'zod';
import { ZeissIpcClient } from '../client/client.js';
import { ZeissCommandError, defineServerCommand } from './command-router.js';
import { ZeissIpcServer } from './ipc-server.js';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function serve(options: ConstructorParameters<typeof ZeissIpcServer>[0]) {
  const server = new ZeissIpcServer({ port: 0, ...options });
  await server.listen();
  cleanups.push(() => server.close());
  return server;
}

function ws(url: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url);
    socket.once('open', () => resolve(socket));
    socket.once('error', reject);
    cleanups.push(async () => socket.terminate());
  });
}

const closeOf = (socket: WebSocket) =>
  new Promise<[number, string]>((resolve) =>
    socket.once('close', (code, reason) => resolve([code, reason.toString()])),
  );

describe('ZeissIpcServer with pluggable command handlers', () => {
  it('offers the interface from any program: typed handlers, schema checks, error replies', async () => {
    const imported: unknown[] = [];
    const server = await serve({
      commands: {
        image: defineServerCommand({
          schema: z.object({
            file: z.string(),
            name: z.string(),
            focal_length: z.union([z.string(), z.number()]),
          }),
          handle: (args) => {
            imported.push(args);
            return undefined;
          },
        }),
        elements: () => {
          throw new ZeissCommandError('Elements could not be imported from file x with import mode y.');
        },
      },
    });
    const client = new ZeissIpcClient({ url: server.url, reconnect: false });
    cleanups.push(() => client.close());
    await expect(client.importImage({ file: 'a', name: 'b', focalLength: 2 })).resolves.toEqual({
      type: 'ok',
    });
    expect(imported).toEqual([{ file: 'a', name: 'b', focal_length: '2.0' }]);
    await expect(client.send({ command: 'elements', file: 'x', importMode: 'y' })).resolves.toMatchObject({
      error: 'importFailed',
      file: 'x',
      importMode: 'y',
    });
    await expect(client.send({ command: 'custom', body: { image: { file: 1 } } })).resolves.toMatchObject({
      type: 'error',
      error: 'other',
    });
    // Shapes that crash the reference are ordinary unknown requests here.
    await expect(client.send({ command: 'custom', body: 42 })).resolves.toMatchObject({
      error: 'unknownRequest',
      echo: '42',
    });
    await expect(client.send({ command: 'custom', body: { quit: 1 } })).resolves.toEqual({ type: 'bye' });
  });

  it('closes 1007 on invalid UTF-8 and reports it as a coded error, and keeps serving', async () => {
    const server = await serve({});
    const errors: string[] = [];
    server.on('error', (e) => errors.push(e.code));
    const socket = await ws(server.url);
    const closed = closeOf(socket);
    socket.send(Buffer.from([0xff, 0xfe]), { binary: false });
    expect((await closed)[0]).toBe(1007);
    expect(errors).toEqual(['MALFORMED']);
    const again = await ws(server.url);
    const reply = new Promise<string>((resolve) => again.once('message', (d) => resolve(String(d))));
    again.send('{}');
    expect(await reply).toBe('Error: Unknown request:\n{}');
  });

  it('with quitStopsServer closes the other connections with 1001 and stops listening', async () => {
    const server = await serve({ quitStopsServer: true });
    const a = await ws(server.url);
    const b = await ws(server.url);
    const bClosed = closeOf(b);
    a.send('quit');
    expect(await bClosed).toEqual([1001, 'Server stopping.']);
    expect(server.listening).toBe(false);
    await expect(ws(server.url)).rejects.toThrow();
  });

  it('legacy-tcp: a request that is not UTF-8 ends the server, as the reference does', async () => {
    const server = await serve({ dialect: 'legacy-tcp' });
    const stopped = new Promise<string>((resolve) => server.once('stopped', resolve));
    const socket = connect({ host: '127.0.0.1', port: server.port });
    cleanups.push(async () => void socket.destroy());
    socket.on('error', () => {});
    await new Promise((resolve) => socket.once('connect', resolve));
    socket.write(Buffer.from([0xc3]));
    expect(await stopped).toMatch(/not UTF-8/);
    expect(server.counters.errors).toBe(1);
  });
});

describe('ZeissIpcServer legacy-tcp limit', () => {
  it('drops only the connection whose request exceeds the limit, and keeps serving', async () => {
    const server = await serve({ dialect: 'legacy-tcp', maxMessageBytes: 64 });
    const errors: string[] = [];
    server.on('error', (e) => errors.push(e.code));
    const send = (bytes: Buffer) =>
      new Promise<string>((resolve) => {
        const socket = connect({ host: '127.0.0.1', port: server.port });
        let got = '';
        socket.on('data', (d) => {
          got += d.toString();
        });
        socket.on('error', () => {});
        socket.on('close', () => resolve(got));
        socket.write(bytes);
      });
    expect(await send(Buffer.from('x'.repeat(100)))).toBe('');
    expect(errors).toEqual(['LIMIT_EXCEEDED']);
    expect(await send(Buffer.from('{}\u0004'))).toBe('Error: Unknown request:\n{}\r\n');
  });
});

describe('ZeissIpcServer keepalive', () => {
  it('closes 1011 "keepalive ping timeout" when a client does not answer pings', async () => {
    const server = await serve({ keepaliveIntervalMs: 20, keepaliveTimeoutMs: 20 });
    const errors: string[] = [];
    server.on('error', (e) => errors.push(e.code));
    const socket = await new Promise<WebSocket>((resolve, reject) => {
      const s = new WebSocket(server.url, { autoPong: false });
      s.once('open', () => resolve(s));
      s.once('error', reject);
      cleanups.push(async () => s.terminate());
    });
    expect(await closeOf(socket)).toEqual([1011, 'keepalive ping timeout']);
    expect(errors).toEqual(['TIMEOUT']);
  });
});

describe('ZeissIpcServer handshake', () => {
  it('selects no subprotocol, like the reference', async () => {
    const server = await serve({});
    const socket = new WebSocket(server.url, ['zeiss']);
    cleanups.push(async () => socket.terminate());
    const outcome = await new Promise<string>((resolve) => {
      socket.once('open', () => resolve(`open with "${socket.protocol}"`));
      socket.once('error', (e) => resolve(`refused: ${e.message}`));
    });
    // A client that insists on a subprotocol gives up, as it would against the reference.
    expect(outcome).toMatch(/^refused: Server sent no subprotocol/);
  });
});
