import { type Socket, connect } from 'node:net';
import { ErrorCode, type LabwireError } from '@labwire/core';
import { memoryPair } from '@labwire/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { encodeMessage } from '../codec/encode.js';
import { PymodaqErrorCode } from '../errors.js';
import { SimulatedDetector } from '../simulator/simulated-detector.js';
import { TcpClient } from './tcp-client.js';
import { TcpServer } from './tcp-server.js';

const cleanup: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

async function listening(options: ConstructorParameters<typeof TcpServer>[0] = {}) {
  const server = new TcpServer({ host: '127.0.0.1', port: 0, ...options });
  cleanup.push(() => server.close());
  const { port } = await server.listen();
  const errors: LabwireError[] = [];
  server.on('error', (e) => errors.push(e));
  return { server, port, errors };
}

function raw(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const s = connect({ host: '127.0.0.1', port });
    cleanup.push(() => void s.destroy());
    s.once('connect', () => resolve(s));
    s.once('error', reject);
  });
}

const closed = (s: Socket) =>
  new Promise<void>((resolve) => (s.destroyed ? resolve() : s.once('close', () => resolve())));

async function goodGrabber(port: number) {
  const client = new TcpClient({
    port,
    instrument: new SimulatedDetector({ shape: [4, 4] }),
    reconnect: false,
  });
  cleanup.push(() => client.close());
  await client.start();
  return client;
}

describe('TcpServer with hostile clients', () => {
  it('refuses an oversized length before the bytes arrive, closes only that client', async () => {
    const { server, port, errors } = await listening({ maxMessageBytes: 1024 });
    await goodGrabber(port);
    const good = await server.waitFor('GRABBER');
    const bad = await raw(port);
    bad.write(encodeMessage('v4', 'GRABBER'));
    const badRemote = await new Promise<import('./remote-instrument.js').RemoteInstrument>((r) =>
      server.on('instrument', r),
    );
    const badError = new Promise<LabwireError>((r) => badRemote.once('error', r));
    // A Done whose DataToExport name claims 1 GiB: only the 4-byte length is sent.
    bad.write(
      Buffer.concat([
        encodeMessage('v4', 'Done'),
        Buffer.from('0000000c', 'hex'),
        Buffer.from('DataToExport'),
        Buffer.from('40000000', 'hex'),
      ]),
    );
    expect((await badError).code).toBe(ErrorCode.LIMIT_EXCEEDED);
    await closed(bad);
    expect(errors).toEqual([]);
    const frame = await good.grab('2D', { timeoutMs: 5_000 });
    expect(frame.channels[0]!.array.shape).toEqual([4, 4]);
  });

  it('gives coded errors for an unknown tag (v4) and a bad dtype (v2)', async () => {
    for (const [dialect, command, payload, code] of [
      ['v4', 'Info_xml', '00000001000000057475706c650000000178', PymodaqErrorCode.UNKNOWN_TAG],
      ['v2', 'move_done', '0000000378797a0000000100', PymodaqErrorCode.BAD_DTYPE],
    ] as const) {
      const { server, port } = await listening({ dialect });
      const s = await raw(port);
      s.write(encodeMessage(dialect, 'ACTUATOR'));
      const remote = await server.waitFor('ACTUATOR');
      const err = new Promise<LabwireError>((r) => remote.once('error', r));
      s.write(Buffer.concat([encodeMessage(dialect, command), Buffer.from(payload, 'hex')]));
      expect((await err).code).toBe(code);
      await closed(s);
    }
  });

  it('times out a client that never identifies, and refuses a bad identification', async () => {
    const { server, port, errors } = await listening({ identifyTimeoutMs: 100 });
    const silent = await raw(port);
    const wrong = await raw(port);
    wrong.write(encodeMessage('v4', 'SPECTROMETER'));
    await Promise.all([closed(silent), closed(wrong)]);
    expect(errors.map((e) => e.code).sort()).toEqual(
      [PymodaqErrorCode.BAD_IDENTIFICATION, ErrorCode.TIMEOUT].sort(),
    );
    expect(server.counters).toEqual({ accepted: 2, identified: 0, refused: 2 });
  });

  it('reports a truncated message when the client leaves mid-message', async () => {
    const { server, port } = await listening();
    const s = await raw(port);
    s.write(encodeMessage('v4', 'GRABBER'));
    const remote = await new Promise<import('./remote-instrument.js').RemoteInstrument>((r) =>
      server.once('instrument', r),
    );
    const err = new Promise<LabwireError>((r) => remote.once('error', r));
    s.end(Buffer.from('00000004446f6e65000000', 'hex'));
    expect((await err).code).toBe(ErrorCode.TRUNCATED);
  });

  it('fails pending requests when the client drops, and times them out when it is silent', async () => {
    const { server, port } = await listening({ requestTimeoutMs: 100 });
    const s = await raw(port);
    s.write(encodeMessage('v4', 'ACTUATOR'));
    const remote = await server.waitFor('ACTUATOR');
    await expect(remote.getPosition()).rejects.toMatchObject({ code: ErrorCode.TIMEOUT });
    const move = remote.moveAbs(1);
    s.destroy();
    await expect(move).rejects.toMatchObject({ code: ErrorCode.CLOSED });
  });
});

describe('the same roles over an in-memory pair', () => {
  it('grabs through memory transports', async () => {
    const server = new TcpServer();
    const { client: clientEnd, server: serverEnd } = memoryPair('stream');
    server.accept(serverEnd);
    const client = new TcpClient({
      transport: () => clientEnd,
      instrument: new SimulatedDetector({ shape: [2, 2] }),
      reconnect: false,
    });
    cleanup.push(() => server.close());
    const [remote] = await Promise.all([server.waitFor('GRABBER'), client.start()]);
    const frame = await remote.grab('2D', { timeoutMs: 1_000 });
    expect(frame.channels[0]!.array.shape).toEqual([2, 2]);
    await client.close();
  });
});
