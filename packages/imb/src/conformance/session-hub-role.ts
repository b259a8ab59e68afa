import { type Socket, connect } from 'node:net';
import { ImbHub } from '../simulator/imb-hub.js';
import type { HubConnection } from '../simulator/hub-connection.js';
import { ByteReader, pause } from './byte-reader.js';
import { unhex } from './canonical.js';
import type { SessionCase } from './session-steps.js';

interface Peer {
  socket: Socket;
  reader: ByteReader;
  connection: HubConnection;
}

/**
 * Runs our hub against the recorded clients: opens one loopback connection per client at its
 * `connect`, writes its c2h bytes, and checks every h2c byte and close. Returns a difference or
 * undefined.
 */
export async function runHubRole(c: SessionCase, signal: AbortSignal): Promise<string | undefined> {
  const settings = c.hub ?? {
    firstUniqueClientId: 4097,
    firstClientHandle: 1,
    firstHubEventId: 100,
    echoToSender: false,
  };
  const hub = new ImbHub({ host: '127.0.0.1', port: 0, ...settings });
  const peers = new Map<string, Peer>();
  try {
    const { port } = await hub.listen();
    for (const [i, step] of c.steps.entries()) {
      if (signal.aborted) return 'aborted';
      const where = `hub step ${i} (${step.op} ${step.client})`;
      const peer = peers.get(step.client);
      switch (step.op) {
        case 'call':
          if (step.call === 'connect') {
            const accepted = new Promise<HubConnection>((resolve) => hub.once('connection', resolve));
            const socket = connect({ host: '127.0.0.1', port });
            socket.setNoDelay(true);
            const reader = new ByteReader(socket);
            await new Promise<void>((resolve, reject) => {
              socket.once('connect', () => resolve());
              socket.once('error', reject);
            });
            peers.set(step.client, { socket, reader, connection: await accepted });
          }
          break;
        case 'c2h':
          if (peer === undefined) return `${where}: not connected`;
          peer.socket.write(unhex(step.hex!));
          break;
        case 'h2c': {
          if (peer === undefined) return `${where}: not connected`;
          const want = step.hex ?? (step.chunks ?? []).join('');
          const got = await peer.reader.read(want.length / 2);
          if ('error' in got) return `${where}: ${got.error}`;
          if (got.hex !== want) return `${where}: expected ${want}, got ${got.hex}`;
          break;
        }
        case 'close':
          if (peer === undefined) return `${where}: not connected`;
          if (step.by === 'client') peer.socket.end();
          else {
            const d = await peer.reader.expectEnd();
            if (d !== undefined) return `${where}: ${d}`;
          }
          break;
        case 'hubCall':
          if (peer === undefined) return `${where}: not connected`;
          if (step.call === 'endSession') void hub.endSession(peer.connection);
          break;
        case 'deliver':
          break;
      }
    }
    await pause(200);
    for (const [name, peer] of peers) {
      if (peer.reader.available > 0) return `hub: client ${name} got extra bytes ${peer.reader.leftover()}`;
    }
    return undefined;
  } finally {
    for (const peer of peers.values()) peer.socket.destroy();
    await hub.close();
  }
}
