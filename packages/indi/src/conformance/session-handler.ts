import { LabwireError, TcpTransport } from '@labwire/core';
import { type CaseHandler, fail, pass } from '@labwire/testkit/vectors';
import type { IndiCommand } from '../codec/commands.js';
import { createIndiDecoder } from '../codec/decoder.js';
import { encodeIndiCommand } from '../codec/encoder.js';
import { type RunningIndiserver, indiserverPath, startIndiserver } from '../indiserver/indiserver-process.js';
import { canonicalMessage } from './canonical.js';
import { matchesPattern } from './pattern.js';

interface Connection {
  transport: TcpTransport;
  messages: Record<string, unknown>[];
  used: Set<number>;
  mark: number;
  onMessage: (() => void) | undefined;
}

type Step = Record<string, unknown> & { op: string };

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        resolve();
      },
      { once: true },
    );
  });

/**
 * Runs a `session` case against a fresh real indiserver with the case's drivers (one per case,
 * its own port, socket path and HOME), through the package's decoder and encoder.
 */
export const sessionHandler: CaseHandler = async (testCase, { signal }) => {
  if (indiserverPath() === undefined) return fail('indiserver is not on PATH (install Debian indi-bin)');
  const server = testCase.plain.server as { drivers: string[] };
  let running: RunningIndiserver | undefined;
  const connections = new Map<string, Connection>();
  try {
    running = await startIndiserver({ drivers: server.drivers, signal });
    const steps = testCase.plain.steps as Step[];
    for (const [index, step] of steps.entries()) {
      if (signal.aborted) return fail(`case timed out at step ${index} (${step.op})`);
      const problem = await runStep(step, connections, running, signal);
      if (problem !== undefined) return fail(`step ${index} (${step.op}): ${problem}`);
    }
    return pass();
  } catch (err) {
    return fail(`session failed: ${(err as Error).message}`);
  } finally {
    for (const c of connections.values()) c.transport.destroy();
    await running?.stop();
  }
};

async function runStep(
  step: Step,
  connections: Map<string, Connection>,
  server: RunningIndiserver,
  signal: AbortSignal,
): Promise<string | undefined> {
  const name = typeof step.conn === 'string' ? step.conn : 'a';
  const conn = connections.get(name);
  switch (step.op) {
    case 'connect': {
      const transport = new TcpTransport({ host: server.host, port: server.port });
      const c: Connection = { transport, messages: [], used: new Set(), mark: 0, onMessage: undefined };
      const decoder = createIndiDecoder({
        message: (m) => {
          c.messages.push(canonicalMessage(m));
          c.onMessage?.();
        },
        error: () => {
          c.messages.push({ type: 'error' });
        },
      });
      transport.on('data', (d) => decoder.write(typeof d === 'string' ? Buffer.from(d) : d));
      await transport.open(signal);
      connections.set(name, c);
      return undefined;
    }
    case 'disconnect': {
      if (conn === undefined) return `no connection ${name}`;
      await conn.transport.close();
      connections.delete(name);
      return undefined;
    }
    case 'send':
    case 'sendRaw': {
      if (conn === undefined) return `no connection ${name}`;
      const text = step.op === 'send' ? encodeIndiCommand(step.message as IndiCommand) : String(step.xml);
      conn.mark = conn.messages.length;
      conn.transport.write(text);
      await conn.transport.flush();
      return undefined;
    }
    case 'expect': {
      if (conn === undefined) return `no connection ${name}`;
      const pattern = step.match as Record<string, unknown>;
      const timeoutMs = typeof step.timeoutMs === 'number' ? step.timeoutMs : 5_000;
      const found = await new Promise<boolean>((resolve) => {
        let scanned = conn.mark;
        const check = (): boolean => {
          for (; scanned < conn.messages.length; scanned++) {
            if (conn.used.has(scanned)) continue;
            if (matchesPattern(conn.messages[scanned]!, pattern)) {
              conn.used.add(scanned);
              return true;
            }
          }
          return false;
        };
        const finish = (ok: boolean) => {
          clearTimeout(timer);
          conn.onMessage = undefined;
          signal.removeEventListener('abort', onAbort);
          resolve(ok);
        };
        const onAbort = () => finish(false);
        const timer = setTimeout(() => finish(check()), timeoutMs);
        signal.addEventListener('abort', onAbort, { once: true });
        if (check()) finish(true);
        else conn.onMessage = () => check() && finish(true);
      });
      return found
        ? undefined
        : `no message matching ${JSON.stringify(pattern)} within ${timeoutMs} ms (${summary(conn)})`;
    }
    case 'expectNone': {
      if (conn === undefined) return `no connection ${name}`;
      const pattern = step.match as Record<string, unknown>;
      await sleep(typeof step.forMs === 'number' ? step.forMs : 1_000, signal);
      const hit = conn.messages.slice(conn.mark).find((m) => matchesPattern(m, pattern));
      return hit === undefined ? undefined : `unexpected ${JSON.stringify(hit).slice(0, 300)}`;
    }
    default:
      throw new LabwireError('INVALID_ARGUMENT', `unknown session op ${step.op}`);
  }
}

function summary(conn: Connection): string {
  const recent = conn.messages.slice(conn.mark).slice(-5);
  return `${conn.messages.length - conn.mark} messages since the mark; last: ${recent
    .map((m) => `${m.type} ${m.device ?? ''}.${m.name ?? ''} ${m.state ?? ''}`)
    .join(', ')}`;
}
