import { type AddressInfo, type Server, type Socket, createServer } from 'node:net';
import { type WebSocket, WebSocketServer } from 'ws';
import { type Capture, type CaptureRecord, isData, payloadOf } from './format.js';

export interface ReplayOptions {
  host?: string;
  port?: number;
  /** Keep the recorded pauses between what the peer sent (scaled); default: send as soon as due. */
  timing?: 'asap' | 'recorded';
  /** Called for each difference between what the client sent and what was recorded. */
  onMismatch?: (mismatch: ReplayMismatch) => void;
}

export interface ReplayMismatch {
  conn: number;
  /** Index of the recorded record. */
  record: number;
  expected: string;
  got: string;
}

export interface RunningReplay {
  host: string;
  port: number;
  address: string;
  /** Connections served so far; each new client gets the next recorded connection. */
  served: number;
  /** Connections open now. */
  active: number;
  /** True when no connection is open. */
  readonly idle: boolean;
  mismatches: ReplayMismatch[];
  close(): Promise<void>;
}

function recordsOf(capture: Capture, conn: number): CaptureRecord[] {
  return capture.records.filter((r) => r.conn === conn && !('event' in r && r.event === 'open'));
}

function show(payload: Uint8Array | string): string {
  return typeof payload === 'string'
    ? JSON.stringify(payload.slice(0, 120))
    : Buffer.from(payload.subarray(0, 60)).toString('hex');
}

/**
 * Plays a capture as the peer: it sends what the real peer sent, each part once the client has
 * sent what preceded it in the recording, and reports where the client's bytes differ.
 * Client bytes are compared as one stream per connection (stream framing) or message by
 * message (message framing).
 */
export async function startReplayPeer(capture: Capture, options: ReplayOptions = {}): Promise<RunningReplay> {
  const host = options.host ?? '127.0.0.1';
  const connections = [...new Set(capture.records.map((r) => r.conn))].sort((a, b) => a - b);
  const state: RunningReplay = {
    host,
    port: 0,
    address: '',
    served: 0,
    active: 0,
    get idle() {
      return this.active === 0;
    },
    mismatches: [],
    close: async () => {},
  };
  const mismatch = (m: ReplayMismatch) => {
    state.mismatches.push(m);
    options.onMismatch?.(m);
  };
  const nextConn = () => connections[Math.min(state.served++, connections.length - 1)] ?? 1;
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

  /** Drives one connection: `send` writes peer data, `received` resolves with client data as it comes. */
  async function play(
    conn: number,
    send: (p: Uint8Array | string) => void,
    end: (code?: number, reason?: string) => void,
    inbox: Inbox,
  ) {
    const records = recordsOf(capture, conn);
    let lastT = 0;
    for (let i = 0; i < records.length; i++) {
      const r = records[i]!;
      if (options.timing === 'recorded' && r.t > lastT) await sleep(Math.min(5000, r.t - lastT));
      lastT = r.t;
      if ('event' in r) {
        if (r.event === 'close' && r.by === 'peer') {
          end(r.code, r.reason);
          return;
        }
        if (r.event === 'close') return;
        continue;
      }
      if (!isData(r)) continue;
      const payload = payloadOf(r);
      if (r.dir === 'in') {
        send(payload);
        continue;
      }
      const got = await inbox.take(payload, 10_000);
      if (got === undefined) {
        mismatch({ conn, record: i, expected: show(payload), got: '(nothing within 10 s)' });
        end();
        return;
      }
      const same =
        typeof payload === 'string'
          ? got === payload
          : typeof got !== 'string' && Buffer.from(got).equals(Buffer.from(payload));
      if (!same) mismatch({ conn, record: i, expected: show(payload), got: show(got) });
    }
  }

  if (capture.header.framing === 'stream') {
    const sockets = new Set<Socket>();
    const server: Server = createServer((socket) => {
      sockets.add(socket);
      state.active += 1;
      socket.setNoDelay(true);
      const inbox = new StreamInbox();
      socket.on('data', (d) => inbox.push(d));
      socket.on('close', () => {
        sockets.delete(socket);
        state.active -= 1;
        inbox.close();
      });
      socket.on('error', () => socket.destroy());
      void play(
        nextConn(),
        (p) => socket.write(p),
        () => socket.end(),
        inbox,
      );
    });
    await new Promise<void>((resolve) => server.listen(options.port ?? 0, host, resolve));
    state.port = (server.address() as AddressInfo).port;
    state.address = `${host}:${state.port}`;
    state.close = async () => {
      for (const s of sockets) s.destroy();
      await new Promise((r) => server.close(r));
    };
  } else {
    const wss = new WebSocketServer({ host, port: options.port ?? 0, perMessageDeflate: false });
    await new Promise<void>((resolve) => wss.once('listening', resolve));
    wss.on('connection', (ws: WebSocket) => {
      const inbox = new MessageInbox();
      state.active += 1;
      ws.on('message', (d: Buffer, isBinary: boolean) =>
        inbox.push(isBinary ? new Uint8Array(d) : d.toString('utf8')),
      );
      ws.on('close', () => {
        state.active -= 1;
        inbox.close();
      });
      void play(
        nextConn(),
        (p) => ws.send(p, { binary: typeof p !== 'string' }),
        (code, reason) => ws.close(code ?? 1000, reason),
        inbox,
      );
    });
    state.port = (wss.address() as AddressInfo).port;
    state.address = `ws://${host}:${state.port}`;
    state.close = async () => {
      for (const c of wss.clients) c.terminate();
      await new Promise((r) => wss.close(r));
    };
  }
  return state;
}

interface Inbox {
  /** Waits for the client data that should equal `expected`; undefined on timeout or close. */
  take(expected: Uint8Array | string, timeoutMs: number): Promise<Uint8Array | string | undefined>;
}

abstract class WaitingInbox implements Inbox {
  protected wake: (() => void) | undefined;
  protected closed = false;
  abstract take(expected: Uint8Array | string, timeoutMs: number): Promise<Uint8Array | string | undefined>;
  close(): void {
    this.closed = true;
    this.wake?.();
  }
  protected async waitUntil(ready: () => boolean, timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (!ready()) {
      if (this.closed || Date.now() > deadline) return false;
      await new Promise<void>((resolve) => {
        this.wake = resolve;
        setTimeout(resolve, Math.max(1, deadline - Date.now()));
      });
    }
    return true;
  }
}

/** Client bytes as one stream: takes exactly as many bytes as were recorded. */
class StreamInbox extends WaitingInbox {
  private buffer = Buffer.alloc(0);
  push(d: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, d]);
    this.wake?.();
  }
  async take(expected: Uint8Array | string, timeoutMs: number) {
    const n = typeof expected === 'string' ? Buffer.byteLength(expected) : expected.byteLength;
    if (!(await this.waitUntil(() => this.buffer.length >= n, timeoutMs))) return undefined;
    const out = this.buffer.subarray(0, n);
    this.buffer = this.buffer.subarray(n);
    return new Uint8Array(out);
  }
}

/** Client messages one by one. */
class MessageInbox extends WaitingInbox {
  private readonly queue: Array<Uint8Array | string> = [];
  push(m: Uint8Array | string): void {
    this.queue.push(m);
    this.wake?.();
  }
  async take(_expected: Uint8Array | string, timeoutMs: number) {
    if (!(await this.waitUntil(() => this.queue.length > 0, timeoutMs))) return undefined;
    return this.queue.shift();
  }
}
