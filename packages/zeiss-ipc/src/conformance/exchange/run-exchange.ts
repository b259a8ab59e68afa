import type { CaseContext, CaseOutcome, SuiteCase, TypedValue } from '@labwire/testkit/vectors';
import { diffTyped, fail, pass } from '@labwire/testkit/vectors';
import { resolveDialect } from '../../codec/dialects.js';
import type { PyValue } from '../../python/index.js';
import type { HostState, InstrumentCall } from '../../simulator/host.js';
import { ZeissInspectSimulator } from '../../simulator/simulator.js';
import { type Probe, TcpProbe, WsProbe } from './probe.js';
import { showEvent } from './show.js';
import { type ExchangeStep, describeStep, textPayload } from './steps.js';

/** Every expected event may take this long (plus the case's instrument delays). */
export const EXCHANGE_EXPECT_MS = 5000;
/** Before a `close` and at the end: nothing unexpected may arrive in this time. */
export const EXCHANGE_QUIET_MS = 200;
/** A `connect` with `expect: "refused"` passes when no handshake succeeds in this time. */
export const EXCHANGE_REFUSED_MS = 2000;

class StepFailure extends Error {}

/** A PyValue as the suites' typed value (ints stay ints, floats floats, key order kept). */
export function pyToTyped(v: PyValue): TypedValue {
  switch (v.t) {
    case 'none':
      return { type: 'null' };
    case 'bool':
      return { type: 'bool', value: v.v };
    case 'int': {
      const n = Number(v.v);
      return Number.isSafeInteger(n) ? { type: 'int', value: n } : { type: 'bigint', value: v.v };
    }
    case 'float':
      return { type: 'float', value: v.v };
    case 'str':
      return { type: 'string', value: v.v };
    case 'list':
      return { type: 'list', items: v.v.map(pyToTyped) };
    case 'dict':
      return {
        type: 'object',
        entries: [...v.v].map(([k, item]) => [k, pyToTyped(item)] as [string, TypedValue]),
      };
  }
}

function callsToTyped(calls: readonly InstrumentCall[]): TypedValue {
  return {
    type: 'list',
    items: calls.map((c) => ({
      type: 'object',
      entries: [
        ['command', { type: 'string', value: c.command }],
        ['args', pyToTyped(c.args)],
        ['outcome', { type: 'string', value: c.outcome }],
      ],
    })),
  };
}

/**
 * Runs one `exchange` case against a fresh simulator: performs the steps with raw WebSocket or
 * TCP clients, checks every event, the quiet periods and the instrument call log.
 */
export function runExchange(testCase: SuiteCase, context: CaseContext): Promise<CaseOutcome> {
  return runExchangeWith(testCase, context);
}

/** `runExchange` with a look at the simulator after the steps (its log, host), for tests. */
export async function runExchangeWith(
  testCase: SuiteCase,
  context: CaseContext,
  inspect?: (simulator: ZeissInspectSimulator) => void,
): Promise<CaseOutcome> {
  const json = testCase.json as {
    dialect?: string;
    server?: { quitStopsServer?: boolean };
    host?: HostState;
    steps: ExchangeStep[];
  };
  const dialect = resolveDialect((json.dialect ?? 'example') as 'example');
  const delays = Object.values(json.host?.delaysMs ?? {}).reduce((a, b) => a + b, 0);
  const expectMs = EXCHANGE_EXPECT_MS + delays;
  const simulator = new ZeissInspectSimulator({
    dialect,
    host: json.host ?? {},
    port: 0,
    ...(json.server?.quitStopsServer === undefined ? {} : { quitStopsServer: json.server.quitStopsServer }),
  });
  const port = await simulator.listen();
  const started = performance.now();
  const clock = () => performance.now() - started;
  const probes = new Map<string, Probe>();
  const probe = (conn: string): Probe => {
    const p = probes.get(conn);
    if (p === undefined) throw new StepFailure(`connection ${conn} was never opened`);
    return p;
  };
  // Every request gets exactly one reply and nothing is unsolicited: leftovers are failures.
  const leftovers = (conn: string, p: Probe) => {
    const bytes = p instanceof TcpProbe && p.pendingBytes > 0 ? `${p.pendingBytes} unread bytes` : undefined;
    const event = p.unconsumed.find((e) => !(p instanceof TcpProbe && e.type === 'binary'));
    if (bytes !== undefined || event !== undefined) {
      throw new StepFailure(
        `connection ${conn}: unexpected ${bytes ?? showEvent(event)} (nothing more was expected)`,
      );
    }
  };
  const quiet = async (conn: string, p: Probe) => {
    await new Promise((resolve) => setTimeout(resolve, EXCHANGE_QUIET_MS));
    leftovers(conn, p);
  };
  try {
    for (const [index, step] of json.steps.entries()) {
      if (context.signal.aborted) return fail('case aborted');
      const where = describeStep(index, step);
      switch (step.op) {
        case 'connect': {
          const open = (timeout: number) =>
            dialect.transport === 'tcp'
              ? TcpProbe.open(port, clock, timeout)
              : WsProbe.open(`ws://127.0.0.1:${port}${step.path ?? '/'}`, clock, timeout);
          if (step.expect === 'refused') {
            const p = await open(EXCHANGE_REFUSED_MS).catch(() => undefined);
            if (p !== undefined) {
              p.destroy();
              throw new StepFailure(`${where}: the connection was accepted, expected it to be refused`);
            }
          } else {
            probes.set(step.conn, await open(expectMs));
          }
          break;
        }
        case 'sendText': {
          const p = probe(step.conn);
          if (!(p instanceof WsProbe)) throw new StepFailure(`${where}: not a WebSocket connection`);
          if (step.fragments !== undefined) p.sendFragments(step.fragments);
          else p.sendText(textPayload(step));
          break;
        }
        case 'sendBinary': {
          const p = probe(step.conn);
          if (!(p instanceof WsProbe)) throw new StepFailure(`${where}: not a WebSocket connection`);
          p.sendBinary(Buffer.from(step.hex, 'hex'));
          break;
        }
        case 'sendBytes': {
          const p = probe(step.conn);
          if (!(p instanceof TcpProbe)) throw new StepFailure(`${where}: not a TCP connection`);
          p.write(Buffer.from(step.hex, 'hex'));
          break;
        }
        case 'shutdownWrite': {
          const p = probe(step.conn);
          if (!(p instanceof TcpProbe)) throw new StepFailure(`${where}: not a TCP connection`);
          p.shutdownWrite();
          break;
        }
        case 'sleep':
          await new Promise((resolve) => setTimeout(resolve, step.ms));
          break;
        case 'expectText': {
          const event = await probe(step.conn).next(expectMs, context.signal);
          if (event?.type !== 'text' || event.text !== step.text) {
            throw new StepFailure(
              `${where}: expected text ${JSON.stringify(step.text)}, got ${showEvent(event)}`,
            );
          }
          if (step.atLeastMs !== undefined && event.t < step.atLeastMs) {
            throw new StepFailure(
              `${where}: reply arrived after ${event.t.toFixed(0)} ms, expected at least ${step.atLeastMs} ms`,
            );
          }
          break;
        }
        case 'expectClose': {
          const event = await probe(step.conn).next(expectMs, context.signal);
          if (event?.type !== 'close' || event.code !== step.code) {
            throw new StepFailure(`${where}: expected close ${step.code}, got ${showEvent(event)}`);
          }
          if (step.matchReason !== false && event.reason !== step.reason) {
            throw new StepFailure(
              `${where}: expected close reason ${JSON.stringify(step.reason)}, got ${JSON.stringify(event.reason)}`,
            );
          }
          break;
        }
        case 'expectBytes': {
          const p = probe(step.conn);
          if (!(p instanceof TcpProbe)) throw new StepFailure(`${where}: not a TCP connection`);
          const want = Buffer.from(step.hex, 'hex');
          const got = await p.takeBytes(want.byteLength, expectMs, context.signal);
          if (got === undefined || !got.equals(want)) {
            throw new StepFailure(
              `${where}: expected bytes ${step.hex}, got ${got === undefined ? 'nothing' : got.toString('hex')}`,
            );
          }
          break;
        }
        case 'expectEof': {
          const p = probe(step.conn);
          if (!(p instanceof TcpProbe)) throw new StepFailure(`${where}: not a TCP connection`);
          if (p.pendingBytes > 0)
            throw new StepFailure(`${where}: expected end of stream, got ${p.pendingBytes} more bytes`);
          let event = await p.next(expectMs, context.signal);
          while (event?.type === 'binary') event = await p.next(expectMs, context.signal);
          if (event?.type !== 'eof')
            throw new StepFailure(`${where}: expected end of stream, got ${showEvent(event)}`);
          if (p.pendingBytes > 0)
            throw new StepFailure(`${where}: expected end of stream, got ${p.pendingBytes} more bytes`);
          break;
        }
        case 'close': {
          const p = probe(step.conn);
          await quiet(step.conn, p);
          await p.close();
          probes.delete(step.conn);
          break;
        }
        default:
          throw new StepFailure(`${where}: unknown op ${(step as { op: string }).op}`);
      }
    }
    if (probes.size > 0) await new Promise((resolve) => setTimeout(resolve, EXCHANGE_QUIET_MS));
    for (const [conn, p] of probes) leftovers(conn, p);
    inspect?.(simulator);
    const expected = testCase.get('calls') ?? { type: 'list', items: [] };
    const difference = diffTyped(expected, callsToTyped(simulator.host.calls), '$.calls', {
      keyOrder: false,
    });
    return difference === undefined ? pass() : fail(difference);
  } catch (err) {
    if (err instanceof StepFailure) return fail(err.message);
    throw err;
  } finally {
    for (const p of probes.values()) p.destroy();
    await simulator.close();
  }
}
