import { mkdtempSync } from 'node:fs';
import { type AddressInfo, type Server, type Socket, connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import { isData, payloadOf, readCapture } from './format.js';
import { CaptureRecorder } from './recorder.js';
import { startTcpRecordingProxy, startWsRecordingProxy } from './recording-proxy.js';
import { startReplayPeer } from './replay-peer.js';

const cleanup: Array<() => Promise<unknown> | unknown> = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});
const dir = mkdtempSync(join(tmpdir(), 'labwire-capture-'));

/** A peer that answers each line "n" with "n*2" and says hello first. */
async function doublingPeer(): Promise<number> {
  const sockets: Socket[] = [];
  const server: Server = createServer((s) => {
    sockets.push(s);
    s.write('hello\n');
    s.on('data', (d) => {
      for (const line of d.toString().split('\n').filter(Boolean)) s.write(`${Number(line) * 2}\n`);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  cleanup.push(async () => {
    for (const s of sockets) s.destroy();
    await new Promise((r) => server.close(r));
  });
  return (server.address() as AddressInfo).port;
}

/** A client that reads lines until it has `want` of them. */
async function talk(port: number, lines: string[], want: number): Promise<string[]> {
  const socket = connect({ host: '127.0.0.1', port });
  cleanup.push(() => socket.destroy());
  const got: string[] = [];
  let buffer = '';
  await new Promise<void>((resolve) => {
    socket.on('data', (d) => {
      buffer += d.toString();
      const parts = buffer.split('\n');
      buffer = parts.pop()!;
      got.push(...parts);
      if (got.length === 1) for (const l of lines) socket.write(`${l}\n`);
      if (got.length >= want) resolve();
    });
  });
  socket.end();
  return got;
}

describe('capture and replay over TCP', () => {
  it('records both directions, then replays the peer to a client that says the same', async () => {
    const peerPort = await doublingPeer();
    const file = join(dir, 'tcp.capture.jsonl');
    const recorder = new CaptureRecorder(file, {
      protocol: 'lines',
      framing: 'stream',
      peer: `tcp://127.0.0.1:${peerPort}`,
    });
    const proxy = await startTcpRecordingProxy({ target: `127.0.0.1:${peerPort}`, recorder });
    expect(await talk(proxy.port, ['1', '21'], 3)).toEqual(['hello', '2', '42']);
    await new Promise((r) => setTimeout(r, 50));
    await proxy.close();
    await recorder.end();

    const capture = readCapture(file);
    expect(capture.header).toMatchObject({
      format: 'labwire-capture/1',
      protocol: 'lines',
      framing: 'stream',
    });
    const text = (dir: 'in' | 'out') =>
      capture.records
        .filter(isData)
        .filter((r) => r.dir === dir)
        .map((r) => Buffer.from(payloadOf(r) as Uint8Array).toString())
        .join('');
    expect(text('out')).toBe('1\n21\n');
    expect(text('in')).toBe('hello\n2\n42\n');
    const times = capture.records.map((r) => r.t);
    expect([...times].sort((a, b) => a - b)).toEqual(times);

    const replay = await startReplayPeer(capture);
    cleanup.push(() => replay.close());
    expect(await talk(replay.port, ['1', '21'], 3)).toEqual(['hello', '2', '42']);
    expect(replay.mismatches).toEqual([]);
  });

  it('reports a client that differs from the recording', async () => {
    const peerPort = await doublingPeer();
    const file = join(dir, 'tcp2.capture.jsonl');
    const recorder = new CaptureRecorder(file, { protocol: 'lines', framing: 'stream', peer: 'x' });
    const proxy = await startTcpRecordingProxy({ target: `127.0.0.1:${peerPort}`, recorder });
    await talk(proxy.port, ['5'], 2);
    await proxy.close();
    await recorder.end();
    const replay = await startReplayPeer(readCapture(file));
    cleanup.push(() => replay.close());
    await talk(replay.port, ['6'], 2);
    expect(replay.mismatches).toHaveLength(1);
    expect(replay.mismatches[0]).toMatchObject({
      expected: Buffer.from('5\n').toString('hex'),
      got: Buffer.from('6\n').toString('hex'),
    });
  });
});

describe('capture and replay over WebSocket', () => {
  it('keeps text and binary messages and the close code', async () => {
    const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await new Promise<void>((r) => wss.once('listening', r));
    cleanup.push(async () => {
      for (const c of wss.clients) c.terminate();
      await new Promise((r) => wss.close(r));
    });
    wss.on('connection', (ws) =>
      ws.on('message', (d, binary) => {
        if (!binary && d.toString() === 'quit') ws.close(1000, 'bye');
        else ws.send(binary ? d : `O.k. ${d.toString()}`, { binary });
      }),
    );
    const peer = `ws://127.0.0.1:${(wss.address() as AddressInfo).port}`;
    const file = join(dir, 'ws.capture.jsonl');
    const recorder = new CaptureRecorder(file, { protocol: 'zeiss-ipc', framing: 'message', peer });
    const proxy = await startWsRecordingProxy({ target: peer, recorder });
    cleanup.push(() => proxy.close());

    const run = async (address: string) => {
      const ws = new WebSocket(`${address}/path`);
      const got: string[] = [];
      await new Promise<void>((resolve) => {
        ws.on('open', () => {
          ws.send('{"image": 1}');
          ws.send(Buffer.from([1, 2]));
          ws.send('quit');
        });
        ws.on('message', (d, binary) =>
          got.push(binary ? `bin:${Buffer.from(d as Buffer).toString('hex')}` : d.toString()),
        );
        ws.on('close', (code, reason) => {
          got.push(`close ${code} ${reason.toString()}`);
          resolve();
        });
      });
      return got;
    };
    const live = await run(proxy.address);
    expect(live).toEqual(['O.k. {"image": 1}', 'bin:0102', 'close 1000 bye']);
    await new Promise((r) => setTimeout(r, 50));
    await recorder.end();
    const capture = readCapture(file);
    const sent = (dir: 'in' | 'out') =>
      capture.records
        .filter(isData)
        .filter((r) => r.dir === dir)
        .map((r) => ('text' in r ? r.text : `bin:${r.hex}`));
    expect(sent('out')).toEqual(['{"image": 1}', 'bin:0102', 'quit']);
    expect(sent('in')).toEqual(['O.k. {"image": 1}', 'bin:0102']);
    expect(capture.records.at(-1)).toMatchObject({ event: 'close', code: 1000, reason: 'bye' });
    const replay = await startReplayPeer(capture);
    cleanup.push(() => replay.close());
    expect(await run(replay.address)).toEqual(live);
    expect(replay.mismatches).toEqual([]);
  });
});
