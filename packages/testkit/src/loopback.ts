import { type AddressInfo, type Server, type Socket, createServer } from 'node:net';
import { TcpTransport, WsTransport } from '@labwire/core';
import { type WebSocket, WebSocketServer } from 'ws';

/** Loopback only: tests never listen beyond this machine. */
export const LOOPBACK = '127.0.0.1';

export interface LoopbackPair<T> {
  client: T;
  server: T;
  port: number;
  /** Closes both ends and the listener. */
  close(): Promise<void>;
}

function closeServer(server: Server | WebSocketServer): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}

/** A TCP listener on 127.0.0.1 with a port from the OS, handing each accepted socket to `onSocket`. */
export async function listenTcp(
  onSocket: (socket: Socket) => void,
): Promise<{ server: Server; port: number; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    onSocket(socket);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, LOOPBACK, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    server,
    port,
    close: async () => {
      for (const s of sockets) s.destroy();
      await closeServer(server);
    },
  };
}

/** A connected pair of TcpTransports over a real loopback socket. */
export async function tcpPair(): Promise<LoopbackPair<TcpTransport>> {
  let accept!: (t: TcpTransport) => void;
  const accepted = new Promise<TcpTransport>((resolve) => {
    accept = resolve;
  });
  const listener = await listenTcp((socket) => accept(TcpTransport.fromSocket(socket)));
  const client = new TcpTransport({ host: LOOPBACK, port: listener.port });
  await client.open();
  const server = await accepted;
  return {
    client,
    server,
    port: listener.port,
    close: async () => {
      client.destroy();
      server.destroy();
      await listener.close();
    },
  };
}

/** A connected pair of WsTransports over a real loopback WebSocket. */
export async function wsPair(path = '/'): Promise<LoopbackPair<WsTransport>> {
  const wss = new WebSocketServer({ host: LOOPBACK, port: 0, perMessageDeflate: false });
  await new Promise<void>((resolve) => wss.once('listening', () => resolve()));
  const port = (wss.address() as AddressInfo).port;
  const accepted = new Promise<WsTransport>((resolve) => {
    wss.once('connection', (socket: WebSocket) => resolve(WsTransport.fromSocket(socket, 'ws://client')));
  });
  const client = new WsTransport({ url: `ws://${LOOPBACK}:${port}${path}` });
  await client.open();
  const server = await accepted;
  return {
    client,
    server,
    port,
    close: async () => {
      client.destroy();
      server.destroy();
      for (const c of wss.clients) c.terminate();
      await closeServer(wss);
    },
  };
}
