/**
 * TEST SCAFFOLDING — not a labwire protocol. A tiny instrument peer that speaks JSON lines over
 * a real loopback TCP socket, so the gateway's own mechanics (API, security, queues, metrics,
 * hot reload, bridges) can be tested before the protocol packages land. End-to-end tests use
 * the real protocol connectors and simulators instead.
 *
 * Peer → connector: {"device","property","value"} updates, {"data": base64, ...} frames,
 *                   {"ack": id, "result"} / {"nack": id, "error"} replies.
 * Connector → peer: {"id","target","action","args"} commands.
 */
import type { Socket } from 'node:net';
import { listenTcp } from '@labwire/testkit';

export interface LineInstrument {
  port: number;
  /** Commands the peer received, in order. */
  commands: Array<{ id: string; target: string; action: string; args?: unknown }>;
  /** Sends one line to every connected connector. */
  broadcast(message: unknown): void;
  /** Sends a raw chunk (several lines at once, for throughput). */
  broadcastRaw(text: string): void;
  /** Drops every connection (the connector should reconnect). */
  dropConnections(): void;
  connections(): number;
  close(): Promise<void>;
}

export async function startLineInstrument(options: { failTargets?: string[] } = {}): Promise<LineInstrument> {
  const sockets = new Set<Socket>();
  const commands: LineInstrument['commands'] = [];
  const listener = await listenTcp((socket) => {
    // Lines leave when written, as an instrument's updates do: with Nagle on, each small write
    // waits for the previous one's (delayed) ACK, up to 40 ms before the gateway sees a byte.
    socket.setNoDelay(true);
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    let buffered = '';
    socket.on('data', (chunk) => {
      buffered += chunk.toString('utf8');
      let nl = buffered.indexOf('\n');
      while (nl >= 0) {
        const line = buffered.slice(0, nl);
        buffered = buffered.slice(nl + 1);
        nl = buffered.indexOf('\n');
        const cmd = JSON.parse(line) as LineInstrument['commands'][number];
        commands.push(cmd);
        if (options.failTargets?.includes(cmd.target)) {
          socket.write(`${JSON.stringify({ nack: cmd.id, error: `cannot ${cmd.action} ${cmd.target}` })}\n`);
        } else {
          socket.write(`${JSON.stringify({ ack: cmd.id, result: { echoed: cmd.args ?? null } })}\n`);
        }
      }
    });
  });
  return {
    port: listener.port,
    commands,
    broadcast(message) {
      const line = `${JSON.stringify(message)}\n`;
      for (const s of sockets) s.write(line);
    },
    broadcastRaw(text) {
      for (const s of sockets) s.write(text);
    },
    dropConnections() {
      for (const s of sockets) s.destroy();
    },
    connections: () => sockets.size,
    close: () => listener.close(),
  };
}
