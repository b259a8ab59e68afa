import { type AddressInfo, type Server, type Socket, connect, createServer } from 'node:net';
import { WebSocket, WebSocketServer } from 'ws';
import type { CaptureRecorder } from './recorder.js';

export interface ProxyOptions {
  /** Where the real peer listens: `host:port` for TCP, a ws:// URL for WebSocket. */
  target: string;
  /** Where the proxy listens (default 127.0.0.1, a port from the OS). */
  listenHost?: string;
  listenPort?: number;
  recorder: CaptureRecorder;
}

export interface RunningProxy {
  host: string;
  port: number;
  /** The address a client should use instead of the real peer's. */
  address: string;
  close(): Promise<void>;
}

function splitHostPort(target: string): { host: string; port: number } {
  const at = target.lastIndexOf(':');
  if (at <= 0) throw new Error(`target must be host:port, got "${target}"`);
  return { host: target.slice(0, at).replace(/^\[|\]$/g, ''), port: Number(target.slice(at + 1)) };
}

/**
 * A TCP man-in-the-middle that records the bytes each way with timestamps. It needs no hook in
 * the client, so it captures any implementation: ours, a vendor's, the reference one.
 */
export async function startTcpRecordingProxy(options: ProxyOptions): Promise<RunningProxy> {
  const target = splitHostPort(options.target);
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const conn = options.recorder.open();
    const upstream = connect(target);
    sockets.add(client);
    sockets.add(upstream);
    client.setNoDelay(true);
    upstream.setNoDelay(true);
    let closed = false;
    const finish = (by: 'client' | 'peer') => {
      if (closed) return;
      closed = true;
      options.recorder.close(conn, by);
      client.end();
      upstream.end();
    };
    client.on('data', (d) => {
      options.recorder.data(conn, 'out', d);
      upstream.write(d);
    });
    upstream.on('data', (d) => {
      options.recorder.data(conn, 'in', d);
      client.write(d);
    });
    client.on('close', () => {
      sockets.delete(client);
      finish('client');
    });
    upstream.on('close', () => {
      sockets.delete(upstream);
      finish('peer');
    });
    client.on('error', () => client.destroy());
    upstream.on('error', () => {
      finish('peer');
      client.destroy();
    });
  });
  const host = options.listenHost ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.listenPort ?? 0, host, resolve);
  });
  const port = (server.address() as AddressInfo).port;
  return {
    host,
    port,
    address: `${host}:${port}`,
    close: async () => {
      // Wait for every socket's close, so its close record is written before the caller ends the file.
      const closing = [...sockets].map((s) => new Promise((r) => s.once('close', r)));
      for (const s of sockets) s.destroy();
      await Promise.all([...closing, new Promise((r) => server.close(r))]);
    },
  };
}

/** The WebSocket version: one record per message, text frames as text, close codes kept. */
export async function startWsRecordingProxy(options: ProxyOptions): Promise<RunningProxy> {
  const host = options.listenHost ?? '127.0.0.1';
  const wss = new WebSocketServer({ host, port: options.listenPort ?? 0, perMessageDeflate: false });
  await new Promise<void>((resolve, reject) => {
    wss.once('listening', resolve);
    wss.once('error', reject);
  });
  const base = options.target.replace(/\/$/, '');
  const upstreams = new Set<WebSocket>();
  wss.on('connection', (client, request) => {
    const conn = options.recorder.open();
    const upstream = new WebSocket(`${base}${request.url ?? ''}`, { perMessageDeflate: false });
    upstreams.add(upstream);
    const pending: Array<[Buffer, boolean]> = [];
    let closed = false;
    const finish = (by: 'client' | 'peer', code?: number, reason?: string) => {
      if (closed) return;
      closed = true;
      options.recorder.close(conn, by, code, reason);
      const closeCode = code !== undefined && code >= 1000 && code !== 1005 && code !== 1006 ? code : 1000;
      if (client.readyState === WebSocket.OPEN) client.close(closeCode, reason);
      if (upstream.readyState === WebSocket.OPEN) upstream.close(closeCode, reason);
      else upstream.terminate();
    };
    client.on('message', (data: Buffer, isBinary: boolean) => {
      options.recorder.data(conn, 'out', isBinary ? data : data.toString('utf8'));
      if (upstream.readyState === WebSocket.OPEN) upstream.send(data, { binary: isBinary });
      else pending.push([data, isBinary]);
    });
    upstream.on('open', () => {
      for (const [data, binary] of pending.splice(0)) upstream.send(data, { binary });
    });
    upstream.on('message', (data: Buffer, isBinary: boolean) => {
      options.recorder.data(conn, 'in', isBinary ? data : data.toString('utf8'));
      client.send(data, { binary: isBinary });
    });
    client.on('close', (code, reason) => finish('client', code, reason.toString()));
    upstream.on('close', (code, reason) => {
      upstreams.delete(upstream);
      finish('peer', code, reason.toString());
    });
    upstream.on('error', () => finish('peer', 1011, 'upstream error'));
    client.on('error', () => client.terminate());
  });
  const port = (wss.address() as AddressInfo).port;
  return {
    host,
    port,
    address: `ws://${host}:${port}`,
    close: async () => {
      const sockets = [...upstreams, ...wss.clients];
      const closing = sockets.map((s) => new Promise((r) => s.once('close', r)));
      for (const s of sockets) s.terminate();
      await Promise.all([...closing, new Promise((r) => wss.close(r))]);
    },
  };
}
