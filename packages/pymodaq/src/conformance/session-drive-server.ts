import { type Socket, connect } from 'node:net';
import type { Dialect } from '../codec/dialect.js';
import type { PymodaqMessage } from '../codec/messages.js';
import type { PymodaqValue } from '../codec/values.js';
import type { RemoteInstrument } from '../session/remote-instrument.js';
import { TcpServer } from '../session/tcp-server.js';
import { ByteCollector, delay } from './byte-collector.js';
import { fromCanonical } from './canonical.js';
import { type ScriptMessage, diffMessages } from './session-codec.js';
import { diffBytes } from './value-cases.js';

const STEP_MS = 5_000;

function text(v: unknown): string {
  return (v as { value: string }).value;
}

/** Asks our server to issue an s2c message, as PyMoDAQ's TCPServer would; replies are not awaited. */
function issue(instrument: RemoteInstrument, m: ScriptMessage): void {
  const ignore = () => {};
  const args = m.wireArgs.map(fromCanonical);
  if (m.command.startsWith('Send Data ')) {
    instrument.grab(m.command.slice('Send Data '.length) as '2D').catch(ignore);
    return;
  }
  switch (m.command) {
    case 'move_abs':
      instrument.moveAbs(args[0]!).catch(ignore);
      return;
    case 'move_rel':
      instrument.moveRel(args[0]!).catch(ignore);
      return;
    case 'move_home':
      instrument.moveHome().catch(ignore);
      return;
    case 'get_actuator_value':
    case 'check_position':
      instrument.getPosition({ command: m.command }).catch(ignore);
      return;
    case 'stop_motion':
      instrument.stopMotion();
      return;
    case 'set_info': {
      const path = (args[0] as PymodaqValue & { type: 'list' }).items.map((p) => text(p));
      instrument.setInfo(path, text(args[1]));
      return;
    }
    default:
      instrument.send(m.command, args);
  }
}

/**
 * Drive stage, server role: the runner is the client and writes the c2s bytes; our TcpServer
 * issues the s2c commands, whose bytes must be exact, and surfaces the c2s messages in order.
 */
export async function driveServer(
  dialect: Dialect,
  script: ScriptMessage[],
  signal: AbortSignal,
): Promise<string | undefined> {
  const server = new TcpServer({ host: '127.0.0.1', port: 0, dialect, identifyTimeoutMs: STEP_MS });
  let socket: Socket | undefined;
  const surfaced: PymodaqMessage[] = [];
  try {
    const { port } = await server.listen();
    const instrumentReady = new Promise<RemoteInstrument>((resolve) => {
      server.on('instrument', (instrument) => {
        surfaced.push({ command: instrument.type, args: [] });
        instrument.on('message', (m) => surfaced.push(m));
        resolve(instrument);
      });
    });
    const errors: string[] = [];
    server.on('error', (err) => errors.push(`${err.code}: ${err.message}`));
    socket = connect({ host: '127.0.0.1', port });
    socket.setNoDelay(true);
    await new Promise<void>((resolve, reject) => {
      socket!.once('connect', resolve);
      socket!.once('error', reject);
    });
    const received = new ByteCollector(socket);
    let expectedIn = 0;
    let instrument: RemoteInstrument | undefined;
    const c2sCount = script.filter((m) => m.dir === 'c2s').length;
    for (const [i, m] of script.entries()) {
      if (m.dir === 'c2s') {
        socket.write(m.bytes);
        continue;
      }
      instrument ??= await Promise.race([instrumentReady, delay(STEP_MS).then(() => undefined)]);
      if (instrument === undefined)
        return `the server did not surface an identified client (${errors.join('; ')})`;
      issue(instrument, m);
      const start = expectedIn;
      expectedIn += m.bytes.byteLength;
      if (!(await received.waitFor(expectedIn, STEP_MS, signal))) {
        return `message ${i} (${m.command}): the server sent ${received.length - start} of ${m.bytes.byteLength} bytes`;
      }
      const d = diffBytes(m.bytes, received.bytes().subarray(start, expectedIn));
      if (d !== undefined) return `message ${i} (${m.command}) from the server: ${d}`;
    }
    // Every c2s message must have been surfaced, in order.
    for (let waited = 0; surfaced.length < c2sCount && waited < STEP_MS && !signal.aborted; waited += 10)
      await delay(10);
    await delay(20);
    if (received.length !== expectedIn)
      return `the server sent ${received.length - expectedIn} unexpected bytes`;
    if (errors.length > 0) return `server errors: ${errors.join('; ')}`;
    return diffMessages(
      script.filter((m) => m.dir === 'c2s'),
      surfaced,
    );
  } finally {
    socket?.destroy();
    await server.close();
  }
}
