import { type AddressInfo, type Server, type Socket, connect, createServer } from 'node:net';
import type { CaptureFile } from './capture-file.js';

export interface RecordingProxy {
  port: number;
  close(): Promise<void>;
}

/**
 * A loopback TCP relay in front of an instrument that records both directions. It needs no
 * hook in the connector, so it captures exactly the bytes each protocol package puts on the
 * wire (WebSocket-based protocols included, as raw stream bytes).
 */
export async function startRecordingProxy(
  target: { host: string; port: number },
  capture: CaptureFile,
): Promise<RecordingProxy> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const conn = capture.open();
    const upstream = connect(target);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.setNoDelay(true);
      s.on('error', () => {});
      s.on('close', () => sockets.delete(s));
    }
    let closed = false;
    const finish = (by: 'client' | 'peer') => {
      if (closed) return;
      closed = true;
      capture.close(conn, by);
      client.destroy();
      upstream.destroy();
    };
    client.on('data', (d: Buffer) => {
      capture.data(conn, 'out', d);
      upstream.write(d);
    });
    upstream.on('data', (d: Buffer) => {
      capture.data(conn, 'in', d);
      client.write(d);
    });
    client.on('close', () => finish('client'));
    upstream.on('close', () => finish('peer'));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
