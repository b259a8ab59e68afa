import { type AddressInfo, type Server, type Socket, createServer } from 'node:net';
import { diffPlain } from '@labwire/testkit/vectors';
import { ImbClient } from '../client/imb-client.js';
import { ByteReader, pause } from './byte-reader.js';
import { unhex } from './canonical.js';
import { recordDeliveries } from './deliveries.js';
import type { SessionCase, SessionStep } from './session-steps.js';

const LOOPBACK = '127.0.0.1';

async function waitFor(test: () => boolean, timeoutMs: number, signal: AbortSignal): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!test()) {
    if (Date.now() >= deadline || signal.aborted) return false;
    await pause(5);
  }
  return true;
}

/** Invokes the client API named by a `call` step. */
async function invoke(client: ImbClient, step: SessionStep): Promise<void> {
  const a = step.args ?? {};
  const name = a.eventName as string;
  const prefix = (a.prefix as boolean | undefined) ?? true;
  switch (step.call) {
    case 'subscribe':
      client.subscribe(name, prefix);
      return;
    case 'publish':
      client.publish(name, prefix);
      return;
    case 'unsubscribe':
      client.unsubscribe(name, prefix);
      return;
    case 'unpublish':
      client.unpublish(name, prefix);
      return;
    case 'declareEvent':
      client.getEvent(name, prefix);
      return;
    case 'signalString':
      client.getEvent(name, prefix).signalString(a.value as string);
      return;
    case 'signalEvent':
      client
        .getEvent(name, prefix)
        .signalEvent(a.kindCode as number, unhex(a.bodyHex as string), a.flags as number);
      return;
    case 'signalChangeObject':
      client
        .getEvent(name, prefix)
        .signalChangeObject(a.action as number, a.objectId as number, a.attribute as string);
      return;
    case 'signalStream':
      await client.getEvent(name, prefix).signalStream(a.streamName as string, unhex(a.dataHex as string), {
        chunkSize: a.chunkSize as number,
        streamId: a.streamId as number,
      });
      return;
    case 'logWriteLn':
      client.logWriteLn(name, a.line as string, a.level as number, prefix);
      return;
    case 'setVariable':
      client.setVariable(a.name as string, unhex(a.valueHex as string));
      return;
    case 'setVariablePrefixed':
      client.setVariablePrefixed(a.name as string, unhex(a.valueHex as string), a.prefix as 0 | 1);
      return;
    case 'requestAllVariables':
      client.requestAllVariables();
      return;
    case 'requestEventNames':
      client.requestEventNames(a.filter as string, a.flags as number);
      return;
    case 'getUniqueClientId':
      client.requestUniqueClientId();
      return;
    case 'disconnect':
      await client.disconnect({ endSession: a.endSession as boolean });
      return;
    default:
      throw new Error(`unknown call ${String(step.call)}`);
  }
}

/**
 * Plays the scripted hub for client `name`: our ImbClient connects to a loopback listener, and
 * every step of that client is checked (bytes written, deliveries, closes). Returns a
 * difference, or undefined when the client behaved exactly as recorded.
 */
export async function runClientRole(
  c: SessionCase,
  name: string,
  signal: AbortSignal,
): Promise<string | undefined> {
  const steps = c.steps.filter((s) => s.client === name);
  let server: Server | undefined;
  let socket: Socket | undefined;
  let reader: ByteReader | undefined;
  let client: ImbClient | undefined;
  let deliveries: Record<string, unknown>[] = [];
  const where = (i: number, s: SessionStep) =>
    `client ${name} step ${i} (${s.op}${s.call ? ` ${s.call}` : ''})`;
  try {
    server = createServer((s) => {
      socket = s;
      reader = new ByteReader(s);
    });
    await new Promise<void>((resolve) => server!.listen(0, LOOPBACK, () => resolve()));
    const port = (server.address() as AddressInfo).port;
    for (const [i, step] of steps.entries()) {
      if (signal.aborted) return 'aborted';
      switch (step.op) {
        case 'call': {
          if (step.call === 'connect') {
            const a = step.args ?? {};
            client = new ImbClient(LOOPBACK, port, {
              ownerId: a.ownerId as number,
              ownerName: a.ownerName as string,
              federation: a.federation as string,
              requestUniqueClientId: a.requestUniqueClientId as boolean,
            });
            deliveries = recordDeliveries(client);
            await client.connect(signal);
            if (!(await waitFor(() => reader !== undefined, 2000, signal)))
              return `${where(i, step)}: no connection`;
            break;
          }
          if (client === undefined) return `${where(i, step)}: call before connect`;
          try {
            await invoke(client, step);
          } catch (err) {
            if (step.error === undefined) return `${where(i, step)}: threw ${(err as Error).message}`;
            break;
          }
          if (step.error !== undefined)
            return `${where(i, step)}: expected ${step.error}, the call succeeded`;
          break;
        }
        case 'c2h': {
          const got = await reader!.read(step.hex!.length / 2);
          if ('error' in got) return `${where(i, step)}: ${got.error}`;
          if (got.hex !== step.hex) return `${where(i, step)}: expected ${step.hex}, got ${got.hex}`;
          break;
        }
        case 'h2c': {
          const chunks = step.chunks ?? [step.hex!];
          for (const [k, chunk] of chunks.entries()) {
            if (k > 0) await pause(2);
            socket!.write(unhex(chunk));
          }
          break;
        }
        case 'deliver': {
          const want = step.events ?? [];
          await waitFor(() => deliveries.length >= want.length, 2000, signal);
          const got = deliveries.splice(0, want.length);
          const d = diffPlain(want, got);
          if (d !== undefined) return `${where(i, step)}: ${d}`;
          break;
        }
        case 'close':
          if (step.by === 'hub') {
            socket!.end();
          } else {
            const d = await reader!.expectEnd();
            if (d !== undefined) return `${where(i, step)}: ${d}`;
          }
          break;
        case 'hubCall':
          break;
      }
    }
    await pause(200);
    if (reader !== undefined && reader.available > 0)
      return `client ${name}: extra bytes after the last step: ${reader.leftover()}`;
    if (deliveries.length > 0)
      return `client ${name}: extra deliveries after the last step: ${JSON.stringify(deliveries)}`;
    return undefined;
  } finally {
    if (client?.connected) await client.disconnect({ endSession: false }).catch(() => {});
    socket?.destroy();
    if (server !== undefined) await new Promise<void>((resolve) => server!.close(() => resolve()));
  }
}
