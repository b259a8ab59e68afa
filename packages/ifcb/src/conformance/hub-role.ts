import { diffPlain } from '@labwire/testkit/vectors';
import WebSocket from 'ws';
import { IfcbHubSimulator } from '../simulator/hub-simulator.js';
import { maskPointers } from './json-pointer.js';
import { Inbox, type SessionCase, recordsOf } from './session-steps.js';

const WAIT_MS = 5_000;

type Arrival = { record: Record<string, unknown> } | { closed: number };

/**
 * Role `hub`: the runner is the client, replaying the recorded client's frames against our hub
 * simulator (instrument quiet), and checks the hub's answers after masking the `ignore` pointers.
 * Returns undefined when the session matches, else the first difference.
 */
export async function runHubRole(session: SessionCase, signal: AbortSignal): Promise<string | undefined> {
  const hub = new IfcbHubSimulator({
    serial: session.serial,
    hubPath: session.hubPath,
    instrument: { mode: 'quiet' },
  });
  await hub.start();
  const base = `http://127.0.0.1:${hub.port}`;
  let negotiated: Record<string, unknown> | undefined;
  let pendingHttp: Promise<{ status: number; json: unknown }> | undefined;
  let ws: WebSocket | undefined;
  let inbox = new Inbox<Arrival>();
  try {
    for (const [index, step] of session.steps.entries()) {
      const where = `step ${index} (${step.from} ${Object.keys(step).filter((k) => k !== 'from' && k !== 't')[0]})`;
      if (step.from === 'client') {
        if (step.http !== undefined) {
          pendingHttp = fetch(base + step.http.target, { method: 'POST', body: '', signal }).then(
            async (r) => ({
              status: r.status,
              json: await r.json().catch(() => undefined),
            }),
          );
        } else if (step.connect !== undefined) {
          const hasId = step.connect.includes('?id=');
          const id = negotiated?.connectionToken ?? negotiated?.connectionId;
          const url = `ws://127.0.0.1:${hub.port}${session.hubPath}${hasId ? `?id=${encodeURIComponent(String(id))}` : ''}`;
          inbox = new Inbox<Arrival>();
          ws = await openSocket(url, inbox);
        } else if (step.ws !== undefined) {
          if (ws?.readyState === WebSocket.OPEN)
            ws.send(step.binary === true ? Buffer.from(step.ws, 'utf8') : step.ws);
        } else if (step.wsClose !== undefined) {
          if (step.wsClose === null) ws?.close();
          else ws?.close(step.wsClose);
        }
        continue;
      }
      // Server steps.
      if (step.http !== undefined) {
        if (pendingHttp === undefined) return `${where}: no negotiate request was made`;
        const got = await pendingHttp;
        pendingHttp = undefined;
        if (got.status !== step.http.status)
          return `${where}: expected status ${step.http.status}, got ${got.status}`;
        const json = got.json as Record<string, unknown>;
        const problem = checkNegotiate(json);
        if (problem !== undefined) return `${where}: ${problem}`;
        const expected = maskPointers(step.http.json, step.ignore ?? []);
        const actual = maskPointers(json, step.ignore ?? []);
        if (actual.missing.length > 0) return `${where}: negotiate answer lacks ${actual.missing.join(', ')}`;
        const diff = diffPlain(expected.value, actual.value);
        if (diff !== undefined) return `${where}: ${diff}`;
        negotiated = json;
        continue;
      }
      if (step.drop === true) {
        hub.drop();
        const closed = await waitClosed(inbox, signal);
        if (closed === undefined) return `${where}: the connection did not end`;
        if (closed !== 1006) return `${where}: expected a drop without close frame, got close code ${closed}`;
        continue;
      }
      if (step.wsClose !== undefined) {
        const closed = await waitClosed(inbox, signal);
        if (closed === undefined) return `${where}: the hub did not close the WebSocket`;
        if (step.wsClose !== null && closed !== step.wsClose)
          return `${where}: expected close code ${step.wsClose}, got ${closed}`;
        continue;
      }
      if (step.ws === undefined) continue;
      const expectedRecords = recordsOf(step.ws);
      switch (step.trigger) {
        case 'host':
          for (const r of expectedRecords) hub.emitFromHost(String((r.arguments as unknown[])[3]));
          break;
        case 'ping':
          hub.ping();
          break;
        case 'heartbeat':
          hub.heartbeat();
          break;
        case 'disconnect':
          hub.requestDisconnect();
          break;
        case 'close': {
          const r = expectedRecords[0] ?? {};
          const options: { error?: string; allowReconnect?: boolean } = {};
          if (typeof r.error === 'string') options.error = r.error;
          if (typeof r.allowReconnect === 'boolean') options.allowReconnect = r.allowReconnect;
          hub.sendClose(options);
          break;
        }
        default:
          break;
      }
      for (const expected of expectedRecords) {
        let arrival: Arrival | undefined;
        for (;;) {
          arrival = await inbox.next(WAIT_MS, signal);
          // Keep-alive pings no step expects here are skipped.
          if (
            arrival !== undefined &&
            'record' in arrival &&
            arrival.record.type === 6 &&
            expected.type !== 6
          )
            continue;
          break;
        }
        if (arrival === undefined)
          return `${where}: no record from the hub within ${WAIT_MS} ms (expected ${JSON.stringify(expected)})`;
        if ('closed' in arrival)
          return `${where}: the connection closed (${arrival.closed}) instead of ${JSON.stringify(expected)}`;
        const e = maskPointers(expected, step.ignore ?? []);
        const a = maskPointers(arrival.record, step.ignore ?? []);
        if (a.missing.length > 0)
          return `${where}: record ${JSON.stringify(arrival.record)} lacks ${a.missing.join(', ')}`;
        const diff = diffPlain(e.value, a.value);
        if (diff !== undefined) return `${where}: ${diff} in ${JSON.stringify(arrival.record)}`;
      }
    }
    return undefined;
  } finally {
    ws?.terminate();
    await hub.close();
  }
}

function checkNegotiate(json: Record<string, unknown> | undefined): string | undefined {
  if (json === undefined || typeof json !== 'object') return 'negotiate answer is not JSON';
  const nonEmpty = (v: unknown) => typeof v === 'string' && v !== '';
  if (!nonEmpty(json.connectionId)) return 'connectionId must be a non-empty string';
  if (json.negotiateVersion === 1 && !nonEmpty(json.connectionToken))
    return 'connectionToken must be a non-empty string';
  const transports = json.availableTransports as
    | Array<{ transport?: string; transferFormats?: string[] }>
    | undefined;
  if (
    !Array.isArray(transports) ||
    !transports.some((t) => t.transport === 'WebSockets' && t.transferFormats?.includes('Text'))
  ) {
    return 'availableTransports must offer WebSockets with Text';
  }
  return undefined;
}

function openSocket(url: string, inbox: Inbox<Arrival>): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { perMessageDeflate: false });
    ws.on('message', (data: Buffer) => {
      for (const piece of data.toString('utf8').split('\u001e')) {
        if (piece.trim() === '') continue;
        try {
          inbox.push({ record: JSON.parse(piece) as Record<string, unknown> });
        } catch {
          inbox.push({ record: { unparsable: piece } });
        }
      }
    });
    ws.on('close', (code: number) => inbox.push({ closed: code }));
    ws.on('error', () => {});
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) =>
      reject(new Error(`upgrade refused with ${res.statusCode}`)),
    );
    setTimeout(() => reject(new Error(`cannot open ${url}`)), WAIT_MS).unref();
  });
}

/** Waits for the close of the current socket, skipping records still in flight. */
async function waitClosed(inbox: Inbox<Arrival>, signal: AbortSignal): Promise<number | undefined> {
  for (;;) {
    const a = await inbox.next(WAIT_MS, signal);
    if (a === undefined) return undefined;
    if ('closed' in a) return a.closed;
  }
}
