import { type IncomingMessage, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { diffPlain } from '@labwire/testkit/vectors';
import { type WebSocket, WebSocketServer } from 'ws';
import { IfcbClient } from '../client/ifcb-client.js';
import { Inbox, type SessionCase, recordsOf } from './session-steps.js';

const WAIT_MS = 10_000;

interface Upgrade {
  url: URL;
  accept(): WebSocket;
  socket: Socket;
}

type ClientArrival = { record: Record<string, unknown> } | { closed: number };

/** Normalises a client record as the README says: pings and closes go, handshakes keep `protocol`, invocations `type, target, arguments`. */
function normalise(record: Record<string, unknown>): Record<string, unknown> | undefined {
  if (record.type === 6 || record.type === 7) return undefined;
  if (record.type === undefined && 'protocol' in record) return { protocol: record.protocol };
  if (record.type === 1) return { type: 1, target: record.target, arguments: record.arguments };
  return record;
}

/**
 * Role `client`: the runner plays the hub on loopback and checks what our IfcbClient sends, then
 * the relayed messages it surfaced. Returns undefined when the session matches, else the first difference.
 */
export async function runClientRole(session: SessionCase, signal: AbortSignal): Promise<string | undefined> {
  const negotiations = new Inbox<{ req: IncomingMessage; res: ServerResponse }>();
  const upgrades = new Inbox<Upgrade>();
  const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false });
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => negotiations.push({ req, res }));
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  server.on('upgrade', (req: IncomingMessage, socket: Socket, head: Buffer) => {
    let ws: WebSocket | undefined;
    upgrades.push({
      url: new URL(req.url ?? '/', 'http://hub'),
      socket,
      accept: () => {
        wss.handleUpgrade(req, socket, head, (w) => {
          ws = w;
        });
        // handleUpgrade completes synchronously for a valid request.
        return ws!;
      },
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.address() as AddressInfo).port;

  const client = new IfcbClient(`http://127.0.0.1:${port}${session.hubPath}`, session.serial, {
    reconnect: { initialDelayMs: 200, maxDelayMs: 2_000 },
  });
  const delivered: unknown[][] = [];
  client.onAny((m) => delivered.push([m.senderId, m.source, m.seqno, m.text]));
  const started = client.connect(signal).catch((err: Error) => err);
  const commands: Array<Promise<unknown>> = [];

  let negotiated: Record<string, unknown> | undefined;
  let pendingNegotiate: ServerResponse | undefined;
  let ws: WebSocket | undefined;
  let tcp: Socket | undefined;
  let inbox = new Inbox<ClientArrival>();
  const unanswered: string[] = [];

  const nextRecord = async (): Promise<ClientArrival | undefined> => {
    for (;;) {
      const a = await inbox.next(WAIT_MS, signal);
      if (a === undefined || 'closed' in a) return a;
      const n = normalise(a.record);
      if (n !== undefined) return { record: n };
    }
  };

  try {
    for (const [index, step] of session.steps.entries()) {
      const where = `step ${index} (${step.from} ${Object.keys(step).filter((k) => k !== 'from' && k !== 't')[0]})`;
      if (step.from === 'client') {
        if (step.http !== undefined) {
          const n = await negotiations.next(WAIT_MS, signal);
          if (n === undefined) return `${where}: no negotiate request within ${WAIT_MS} ms`;
          const path = new URL(n.req.url ?? '/', 'http://hub').pathname;
          if (n.req.method !== 'POST' || path !== `${session.hubPath}/negotiate`)
            return `${where}: expected POST ${session.hubPath}/negotiate, got ${n.req.method} ${n.req.url}`;
          n.req.resume();
          pendingNegotiate = n.res;
        } else if (step.connect !== undefined) {
          const u = await upgrades.next(WAIT_MS, signal);
          if (u === undefined) return `${where}: no WebSocket upgrade within ${WAIT_MS} ms`;
          if (u.url.pathname !== session.hubPath)
            return `${where}: upgrade on ${u.url.pathname}, expected ${session.hubPath}`;
          if (step.connect.includes('?id=')) {
            const want = String(negotiated?.connectionToken ?? negotiated?.connectionId);
            if (u.url.searchParams.get('id') !== want)
              return `${where}: expected id=${want}, got ${u.url.search}`;
          }
          inbox = new Inbox<ClientArrival>();
          const box = inbox;
          ws = u.accept();
          tcp = u.socket;
          unanswered.length = 0;
          ws.on('message', (data: Buffer) => {
            for (const piece of data.toString('utf8').split('\u001e')) {
              if (piece.trim() === '') continue;
              try {
                const record = JSON.parse(piece) as Record<string, unknown>;
                if (record.type === 1 && typeof record.invocationId === 'string')
                  unanswered.push(record.invocationId);
                box.push({ record });
              } catch {
                box.push({ record: { unparsable: piece } });
              }
            }
          });
          ws.on('close', (code: number) => box.push({ closed: code }));
          ws.on('error', () => {});
        } else if (step.ws !== undefined) {
          const expected = recordsOf(step.ws)
            .map(normalise)
            .filter((r) => r !== undefined);
          if (step.cause === 'command') {
            const text = String((recordsOf(step.ws)[0]?.arguments as unknown[] | undefined)?.[1]);
            commands.push(
              client.relayMessageToHost(text, { signal }).then(
                () => undefined,
                (e: Error) => e,
              ),
            );
          }
          for (const want of expected) {
            const got = await nextRecord();
            if (got === undefined)
              return `${where}: no record from the client within ${WAIT_MS} ms (expected ${JSON.stringify(want)})`;
            if ('closed' in got)
              return `${where}: the client closed (${got.closed}) instead of sending ${JSON.stringify(want)}`;
            const diff = diffPlain(want, got.record);
            if (diff !== undefined) return `${where}: ${diff} in ${JSON.stringify(got.record)}`;
          }
        } else if (step.wsClose !== undefined) {
          for (;;) {
            const got = await inbox.next(WAIT_MS, signal);
            if (got === undefined) return `${where}: the client did not close the WebSocket`;
            if ('closed' in got) break;
            const n = normalise(got.record);
            if (n !== undefined) return `${where}: expected the close, got ${JSON.stringify(got.record)}`;
          }
        }
        continue;
      }
      // Server steps: the runner plays the hub.
      if (step.http !== undefined) {
        if (pendingNegotiate === undefined) return `${where}: no negotiate request to answer`;
        negotiated = step.http.json;
        pendingNegotiate
          .writeHead(step.http.status ?? 200, { 'Content-Type': 'application/json' })
          .end(JSON.stringify(step.http.json));
        pendingNegotiate = undefined;
      } else if (step.ws !== undefined) {
        const parts: string[] = [];
        for (const record of recordsOf(step.ws)) {
          if (record.type === 3) {
            const id = unanswered.shift();
            if (id !== undefined) parts.push(`${JSON.stringify({ ...record, invocationId: id })}\u001e`);
          } else parts.push(`${JSON.stringify(record)}\u001e`);
        }
        if (parts.length > 0) ws?.send(parts.join(''));
      } else if (step.wsClose !== undefined) {
        ws?.close(step.wsClose ?? undefined);
      } else if (step.drop === true) {
        tcp?.destroy();
      }
    }
    // The last relayed messages may still be in flight when the steps end.
    const want = session.delivered ?? [];
    const deadline = Date.now() + WAIT_MS;
    while (delivered.length < want.length && Date.now() < deadline && !signal.aborted) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    const diff = diffPlain(want, delivered, '$.delivered');
    if (diff !== undefined) return diff;
    const startError = await started;
    if (startError instanceof Error) return `connect failed: ${startError.message}`;
    for (const result of await Promise.all(commands)) {
      if (result instanceof Error) return `a command failed: ${result.message}`;
    }
    return undefined;
  } finally {
    await client.disconnect();
    for (const c of wss.clients) c.terminate();
    for (const s of sockets) s.destroy();
    wss.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
