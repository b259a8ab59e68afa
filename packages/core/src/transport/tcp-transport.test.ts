import { type AddressInfo, type Server, type Socket, createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { TcpTransport } from './tcp-transport.js';

const servers: Server[] = [];
const sockets: Socket[] = [];

async function listen(onSocket: (s: Socket) => void = () => {}): Promise<number> {
  const server = createServer((s) => {
    sockets.push(s);
    onSocket(s);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

afterEach(async () => {
  for (const s of sockets.splice(0)) s.destroy();
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

describe('TcpTransport over a real loopback socket', () => {
  it('opens, writes, receives, counts bytes and closes once', async () => {
    const port = await listen((s) => s.on('data', (d) => s.write(Buffer.concat([Buffer.from('echo:'), d]))));
    const t = new TcpTransport({ host: '127.0.0.1', port });
    const closes: unknown[] = [];
    t.on('close', (info) => closes.push(info));
    await t.open();
    expect(t.state).toBe('open');
    const received = new Promise<string>((resolve) => {
      let text = '';
      t.on('data', (d) => {
        text += Buffer.from(d as Uint8Array).toString();
        if (text.length >= 10) resolve(text);
      });
    });
    expect(t.write(Buffer.from('hello'))).toBe(true);
    expect(await received).toBe('echo:hello');
    expect(t.counters.bytesOut).toBe(5);
    expect(t.counters.bytesIn).toBe(10);
    await t.close();
    await t.close();
    expect(t.state).toBe('closed');
    expect(closes).toHaveLength(1);
    expect(t.write(Buffer.from('late'))).toBe(false);
  });

  it('reports the peer closing', async () => {
    const port = await listen((s) => setTimeout(() => s.end(), 5));
    const t = new TcpTransport({ host: '127.0.0.1', port });
    const closed = new Promise((resolve) => t.on('close', resolve));
    await t.open();
    expect(await closed).toEqual({ hadError: false });
  });

  it('fails to connect to a closed port with CONNECT_FAILED', async () => {
    const port = await listen();
    await new Promise((r) => servers.pop()!.close(r));
    const t = new TcpTransport({ host: '127.0.0.1', port });
    await expect(t.open()).rejects.toMatchObject({ code: 'CONNECT_FAILED' });
    expect(t.state).toBe('closed');
  });

  it('is aborted by its AbortSignal', async () => {
    const port = await listen();
    const controller = new AbortController();
    const t = new TcpTransport({ host: '127.0.0.1', port });
    const opening = t.open(controller.signal);
    controller.abort();
    await expect(opening).rejects.toMatchObject({ code: 'ABORTED' });
    const already = new TcpTransport({ host: '127.0.0.1', port });
    await expect(already.open(AbortSignal.abort())).rejects.toMatchObject({ code: 'ABORTED' });
  });

  it('signals backpressure and drains', async () => {
    let peer!: Socket;
    const port = await listen((s) => {
      peer = s;
      s.pause();
    });
    const t = new TcpTransport({ host: '127.0.0.1', port });
    await t.open();
    const chunk = Buffer.alloc(1024 * 1024);
    let writes = 0;
    while (t.write(chunk)) writes++;
    expect(writes).toBeLessThan(200);
    const drained = new Promise<void>((resolve) => t.on('drain', () => resolve()));
    peer.resume();
    await drained;
    await t.close();
  });

  it('wraps an accepted socket as an open transport', async () => {
    let accepted!: TcpTransport;
    const ready = new Promise<void>((resolve) => {
      void listen((s) => {
        accepted = TcpTransport.fromSocket(s);
        resolve();
      }).then((port) => new TcpTransport({ host: '127.0.0.1', port }).open());
    });
    await ready;
    expect(accepted.state).toBe('open');
    expect(accepted.remote).toMatch(/^tcp:\/\/127\.0\.0\.1:\d+$/);
    accepted.destroy();
  });
});
