import { type Server, type Socket, createServer } from 'node:net';
import type { Dialect } from '../codec/dialect.js';
import { TcpClient } from '../session/tcp-client.js';
import { ByteCollector, delay } from './byte-collector.js';
import type { ScriptMessage } from './session-codec.js';
import { scriptedInstrument } from './scripted-instrument.js';
import { diffBytes } from './value-cases.js';

const STEP_MS = 5_000;

function strings(v: unknown): string[] {
  return ((v as { items: Array<{ value: string }> }).items ?? []).map((s) => s.value);
}

/** Unprompted client messages: the script makes our client send them when it reaches them. */
function sendUnprompted(client: TcpClient, m: ScriptMessage): boolean {
  const a = m.args as Array<{ value: string }>;
  switch (m.command) {
    case 'Info':
      client.sendInfo(a[0]!.value, a[1]!.value);
      return true;
    case 'Info_xml':
      client.sendInfoXml(strings(a[0]), a[1]!.value);
      return true;
    case 'Quit':
      client.quit();
      return true;
    default:
      return false;
  }
}

/**
 * Drive stage, client role: the runner listens and writes the s2c bytes; our TcpClient, with
 * an instrument scripted by the case, must write exactly the c2s bytes.
 */
export async function driveClient(
  dialect: Dialect,
  role: 'grabber' | 'actuator',
  script: ScriptMessage[],
  signal: AbortSignal,
): Promise<string | undefined> {
  let accepted!: (s: Socket) => void;
  const peer = new Promise<Socket>((resolve) => {
    accepted = resolve;
  });
  const sockets: Socket[] = [];
  const server: Server = createServer((s) => {
    sockets.push(s);
    accepted(s);
  });
  const infos =
    script[1]?.dir === 'c2s' && script[1].command === 'Infos'
      ? (script[1].args[0] as { value: string }).value
      : undefined;
  let client: TcpClient | undefined;
  try {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    const errors: string[] = [];
    client = new TcpClient({
      host: '127.0.0.1',
      port,
      dialect,
      role: role === 'grabber' ? 'GRABBER' : 'ACTUATOR',
      instrument: scriptedInstrument(role, script),
      settings: infos ?? false,
      reconnect: false,
    });
    client.on('error', (err) => errors.push(`${err.code}: ${err.message}`));
    await client.start();
    const socket = await peer;
    socket.setNoDelay(true);
    const received = new ByteCollector(socket);
    let expectedIn = 0;
    for (const [i, m] of script.entries()) {
      if (m.dir === 's2c') {
        socket.write(m.bytes);
        continue;
      }
      sendUnprompted(client, m);
      const start = expectedIn;
      expectedIn += m.bytes.byteLength;
      if (!(await received.waitFor(expectedIn, STEP_MS, signal))) {
        return `message ${i} (${m.command}): the client sent ${received.length - start} of ${m.bytes.byteLength} bytes (${errors.join('; ')})`;
      }
      const d = diffBytes(m.bytes, received.bytes().subarray(start, expectedIn));
      if (d !== undefined) return `message ${i} (${m.command}) from the client: ${d}`;
    }
    await delay(30);
    if (received.length !== expectedIn) {
      return `the client sent ${received.length - expectedIn} unexpected bytes: ${Buffer.from(received.bytes().subarray(expectedIn, expectedIn + 40)).toString('hex')}`;
    }
    if (errors.length > 0) return `client errors: ${errors.join('; ')}`;
    return undefined;
  } finally {
    for (const s of sockets) s.destroy();
    if (client !== undefined) {
      // The script is over: stop without the usual Quit (it would not be in the recording).
      const pending = client.close();
      await Promise.race([pending, delay(500)]);
    }
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
