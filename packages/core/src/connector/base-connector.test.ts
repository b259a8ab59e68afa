import { type AddressInfo, type Server, type Socket, createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ErrorCode, LabwireError } from '../errors.js';
import type { BusEvent } from '../model/events.js';
import { TcpTransport } from '../transport/tcp-transport.js';
import { BaseConnector, type ExecutableCommand } from './base-connector.js';
import type { ConnectorCapabilities, DeviceInfo } from './connector.js';

/**
 * The base class under test needs a concrete protocol: this one speaks lines over real TCP.
 * `set <name> <value>` is answered `ok <name>` (or nothing for names starting with "silent").
 */
class LineConnector extends BaseConnector {
  readonly protocol = 'lines';
  readonly capabilities: ConnectorCapabilities = {
    browse: true,
    liveUpdates: true,
    actions: ['set'],
    data: false,
    raw: false,
    reconnect: true,
    resume: 'state',
  };
  transport: TcpTransport | undefined;
  private waiting = new Map<string, () => void>();

  constructor(private readonly port: number) {
    super({ id: 'lines', reconnect: { initialDelayMs: 20, maxDelayMs: 50, jitter: 0 } });
  }

  protected async connectOnce(signal: AbortSignal): Promise<void> {
    const t = new TcpTransport({ host: '127.0.0.1', port: this.port, connectTimeoutMs: 500 });
    await t.open(signal);
    this.transport = t;
    t.on('data', (d) => {
      for (const line of Buffer.from(d as Uint8Array)
        .toString()
        .split('\n')) {
        const [word, name] = line.split(' ');
        if (word === 'ok' && name !== undefined) this.waiting.get(name)?.();
        if (word === 'garbage') this.reportError(new LabwireError(ErrorCode.MALFORMED, 'garbage line'));
      }
    });
    t.on('close', () => this.connectionLost());
  }

  protected async disconnect(): Promise<void> {
    await this.transport?.close();
  }

  protected execute(command: ExecutableCommand, signal: AbortSignal): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const name = command.target;
      this.waiting.set(name, () => resolve({ acknowledged: name }));
      signal.addEventListener('abort', () => reject(signal.reason), { once: true });
      this.transport!.write(`set ${name} ${String(command.args)}\n`);
    });
  }

  async browse(): Promise<DeviceInfo[]> {
    return [{ name: 'dev', properties: [] }];
  }
}

const cleanup: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

async function lineServer(): Promise<{ port: number; sockets: Socket[]; server: Server }> {
  const sockets: Socket[] = [];
  const server = createServer((s) => {
    sockets.push(s);
    s.on('data', (d) => {
      for (const line of d.toString().split('\n')) {
        const [, name] = line.split(' ');
        if (name !== undefined && !name.startsWith('silent')) s.write(`ok ${name}\n`);
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  cleanup.push(async () => {
    for (const s of sockets) s.destroy();
    await new Promise((r) => server.close(r));
  });
  return { port: (server.address() as AddressInfo).port, sockets, server };
}

function record(connector: BaseConnector): BusEvent[] {
  const events: BusEvent[] = [];
  connector.subscribe('#', (e) => void events.push(e));
  return events;
}

describe('BaseConnector', () => {
  it('connects, acknowledges commands and publishes their lifecycle', async () => {
    const { port } = await lineServer();
    const c = new LineConnector(port);
    cleanup.push(() => c.stop());
    const events = record(c);
    await c.start();
    expect(c.state).toBe('connected');
    const result = await c.command({ id: 'c1', target: 'focus', action: 'set', args: 5 });
    expect(result).toEqual({ id: 'c1', result: { acknowledged: 'focus' } });
    const lifecycle = events
      .filter((e) => e.kind === 'command')
      .map((e) => (e.kind === 'command' ? e.status : ''));
    expect(lifecycle).toEqual(['accepted', 'done']);
    expect(
      events.filter((e) => e.kind === 'connection').map((e) => (e.kind === 'connection' ? e.state : '')),
    ).toEqual(['connecting', 'connected']);
    const seqs = events.map((e) => e.seq);
    expect([...seqs].sort((a, b) => a - b)).toEqual(seqs);
  });

  it('fails a command that gets no reply exactly once, with TIMEOUT', async () => {
    const { port } = await lineServer();
    const c = new LineConnector(port);
    cleanup.push(() => c.stop());
    const events = record(c);
    await c.start();
    await expect(
      c.command({ id: 'c2', target: 'silent1', action: 'set', timeoutMs: 50 }),
    ).rejects.toMatchObject({
      code: 'TIMEOUT',
    });
    await new Promise((r) => setTimeout(r, 80));
    const ends = events.filter(
      (e) => e.kind === 'command' && e.id === 'c2' && (e.status === 'done' || e.status === 'failed'),
    );
    expect(ends).toHaveLength(1);
    expect(c.pendingCommands).toBe(0);
  });

  it('refuses unsupported actions and commands while not connected', async () => {
    const { port } = await lineServer();
    const c = new LineConnector(port);
    await expect(c.command({ target: 'x', action: 'set' })).rejects.toMatchObject({ code: 'NOT_CONNECTED' });
    cleanup.push(() => c.stop());
    await c.start();
    await expect(c.command({ target: 'x', action: 'invoke' })).rejects.toMatchObject({ code: 'UNSUPPORTED' });
  });

  it('reconnects after the peer drops, failing in-flight commands as OUTCOME_UNKNOWN', async () => {
    const { port, sockets } = await lineServer();
    const c = new LineConnector(port);
    cleanup.push(() => c.stop());
    const events = record(c);
    await c.start();
    const inFlight = c.command({ target: 'silent2', action: 'set', timeoutMs: 5000 });
    await new Promise((r) => setTimeout(r, 10));
    sockets[0]!.destroy();
    await expect(inFlight).rejects.toMatchObject({ code: 'OUTCOME_UNKNOWN' });
    await new Promise<void>((resolve) => {
      const check = () =>
        c.state === 'connected' && sockets.length === 2 ? resolve() : setTimeout(check, 5);
      check();
    });
    const states = events
      .filter((e) => e.kind === 'connection')
      .map((e) => (e.kind === 'connection' ? e.state : ''));
    expect(states).toEqual(['connecting', 'connected', 'disconnected', 'connecting', 'connected']);
    expect(c.counters.reconnects).toBe(1);
    await expect(c.command({ target: 'after', action: 'set' })).resolves.toMatchObject({
      result: { acknowledged: 'after' },
    });
  });

  it('reports garbage as a coded error event and stays connected', async () => {
    const { port, sockets } = await lineServer();
    const c = new LineConnector(port);
    cleanup.push(() => c.stop());
    const events = record(c);
    await c.start();
    sockets[0]!.write('garbage\n');
    await new Promise((r) => setTimeout(r, 20));
    const errors = events.filter((e) => e.kind === 'message' && e.severity === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ code: 'MALFORMED' });
    expect(c.state).toBe('connected');
  });

  it('keeps retrying while the peer is down and stop() releases everything', async () => {
    const { port, server, sockets } = await lineServer();
    for (const s of sockets) s.destroy();
    await new Promise((r) => server.close(r));
    const c = new LineConnector(port);
    const events = record(c);
    const started = c.start();
    await new Promise((r) => setTimeout(r, 150));
    const attempts = events.filter((e) => e.kind === 'connection' && e.state === 'connecting').length;
    expect(attempts).toBeGreaterThanOrEqual(2);
    await c.stop();
    await expect(started).rejects.toMatchObject({ code: 'ABORTED' });
    const after = events.length;
    await new Promise((r) => setTimeout(r, 120));
    expect(events.length).toBe(after);
    expect(c.state).toBe('stopped');
  });
});
