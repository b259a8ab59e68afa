import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { type EventMap, type LabwireError, Limits, type Transport, TypedEmitter } from '@labwire/core';
import { WebSocketServer } from 'ws';
import { SimulatedHubConnection } from './hub-connection.js';
import { type HubPeer, transportPeer, webSocketPeer } from './hub-peer.js';
import { type InstrumentOptions, SimulatedInstrument } from './instrument.js';
import { negotiateAnswer } from './negotiate.js';

/**
 * A stand-in for IFCBacquire's SignalR hub: the negotiate endpoint, the WebSocket hub at
 * `/ifcbHub`, an instrument that answers commands and (optionally) runs a scripted acquisition,
 * and the hooks the conformance sessions drive (shared/protocols/ifcb.md 6.4).
 */

export interface IfcbHubSimulatorOptions {
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 0 (a free port). */
  port?: number;
  /** Default `/ifcbHub`. */
  hubPath?: string;
  /** The simulated instrument's serial. Default `111-111-111`. */
  serial?: string;
  /** What the instrument does on its own (default `responsive`), and its pacing. */
  instrument?: InstrumentOptions;
  /** Ping when nothing was sent for this long (ASP.NET Core KeepAliveInterval). Default 15 s. */
  keepAliveIntervalMs?: number;
  /** Close when nothing was received for this long (ClientTimeoutInterval). Default 30 s. */
  clientTimeoutMs?: number;
  /** Refuse a connection whose handshake does not arrive in time. Default 15 s. */
  handshakeTimeoutMs?: number;
  /** Largest incoming WebSocket message / record. Default `Limits.ifcbFrameBytes`. */
  maxMessageBytes?: number;
  /** Quirk switch: refuse WebSocket upgrades whose `id` the hub did not hand out (a strict hub). Default false. */
  strictConnectionIds?: boolean;
  /** Relayed commands the hub accepts but never completes (a hung hub), to exercise client timeouts. */
  neverComplete?: readonly string[];
}

/** A command a client relayed to the instrument. */
export interface RecordedCommand {
  serial: string;
  text: string;
  connectionId: string;
  at: number;
}

export interface IfcbHubSimulatorEvents extends EventMap {
  connection: (connection: SimulatedHubConnection) => void;
  command: (command: RecordedCommand) => void;
  /** Something the instrument emitted (relayed to every registered connection). */
  message: (text: string, seqno: number) => void;
  error: (error: LabwireError) => void;
}

export class IfcbHubSimulator extends TypedEmitter<IfcbHubSimulatorEvents> {
  readonly serial: string;
  readonly hubPath: string;
  readonly instrument: SimulatedInstrument;
  /** Every command relayed so far, in order. */
  readonly commands: RecordedCommand[] = [];
  /** Negotiate requests as received (method and target), for tests. */
  readonly negotiations: string[] = [];
  private readonly options: IfcbHubSimulatorOptions;
  private server: Server | undefined;
  private wss: WebSocketServer | undefined;
  private readonly connections = new Set<SimulatedHubConnection>();
  private readonly issuedIds = new Set<string>();
  private readonly sockets = new Set<Socket>();
  private seqno = 0;
  private directIds = 0;
  private instrumentAttached = false;
  private listeningPort = 0;

  constructor(options: IfcbHubSimulatorOptions = {}) {
    super();
    this.options = options;
    this.serial = options.serial ?? '111-111-111';
    this.hubPath = options.hubPath ?? '/ifcbHub';
    this.instrument = new SimulatedInstrument(options.instrument);
  }

  get port(): number {
    return this.listeningPort;
  }

  /** The hub URL for clients: `http://127.0.0.1:<port>/ifcbHub`. */
  get url(): string {
    return `http://${this.options.host ?? '127.0.0.1'}:${this.listeningPort}${this.hubPath}`;
  }

  /** Open connections (handshake done or not). */
  get openConnections(): SimulatedHubConnection[] {
    return [...this.connections].filter((c) => c.isOpen);
  }

  async start(): Promise<{ url: string; port: number }> {
    if (this.server !== undefined) return { url: this.url, port: this.port };
    const maxPayload = this.options.maxMessageBytes ?? Limits.ifcbFrameBytes;
    const wss = new WebSocketServer({ noServer: true, maxPayload, perMessageDeflate: false });
    const server = createServer((req, res) => this.onHttp(req, res));
    server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    server.on('upgrade', (req, socket, head) => this.onUpgrade(wss, req, socket as Socket, head));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.options.port ?? 0, this.options.host ?? '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    this.server = server;
    this.wss = wss;
    this.listeningPort = (server.address() as AddressInfo).port;
    this.attachInstrument();
    return { url: this.url, port: this.port };
  }

  /** Stops the instrument, closes every connection and the listener. */
  async close(): Promise<void> {
    this.instrument.stop();
    this.instrumentAttached = false;
    for (const c of this.connections) c.drop();
    this.connections.clear();
    for (const s of this.sockets) s.destroy();
    const server = this.server;
    this.server = undefined;
    this.wss?.close();
    this.wss = undefined;
    if (server !== undefined) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  // --- test hooks (the conformance runner's adapter) -------------------------------------------

  /** The instrument emits `message`: relayed to every connection registered for its serial. */
  emitFromHost(message: string): number {
    this.seqno += 1;
    const seqno = this.seqno;
    for (const c of this.connections) {
      if (c.serial === this.serial) c.invoke('messageRelayed', [this.serial, 'host', seqno, message]);
    }
    this.emit('message', message, seqno);
    return seqno;
  }

  /** A keep-alive ping on every connection. */
  ping(): void {
    for (const c of this.connections) c.ping();
  }

  /** A `heartbeat` invocation on every connection. */
  heartbeat(): void {
    for (const c of this.connections) c.invoke('heartbeat', [this.serial]);
  }

  /** Asks every client to leave (`disconnect` invocation). */
  requestDisconnect(): void {
    for (const c of this.connections) c.invoke('disconnect', []);
  }

  /** A close message on every connection, then the WebSocket close. */
  sendClose(options: { error?: string; allowReconnect?: boolean } = {}): void {
    for (const c of this.connections) c.sendClose(options);
  }

  /** Drops every TCP connection without a close frame. */
  drop(): void {
    for (const c of this.connections) c.drop();
  }

  /** Drops every connection in the middle of a WebSocket frame (half a `messageRelayed` written, then the TCP close). */
  dropMidMessage(message = 'valuechanged:pausestate:1'): void {
    for (const c of this.connections) c.dropMidFrame(message);
  }

  /** Sends raw text as one WebSocket message on every connection (garbage, hand-made records). */
  sendRaw(text: string): void {
    for (const c of this.connections) c.sendText(text);
  }

  /** Ends every connection politely: `disconnect`, then after `graceMs` a close message and the close. */
  async endConnections(graceMs = 500): Promise<void> {
    this.requestDisconnect();
    await new Promise((resolve) => setTimeout(resolve, graceMs));
    this.sendClose({ error: 'The hub is shutting down.', allowReconnect: false });
  }

  // --- HTTP and WebSocket ----------------------------------------------------------------------

  private onHttp(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://hub');
    if (url.pathname === `${this.hubPath}/negotiate`) {
      if (req.method !== 'POST') {
        res.writeHead(405, { Allow: 'POST' }).end();
        return;
      }
      this.negotiations.push(`${req.method} ${req.url}`);
      // The body is empty for every known client; drain whatever comes.
      req.resume();
      req.on('end', () => {
        const answer = negotiateAnswer(url.searchParams);
        this.issuedIds.add(answer.connectionToken ?? answer.connectionId);
        const body = JSON.stringify(answer);
        res
          .writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) })
          .end(body);
      });
      return;
    }
    res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
  }

  private onUpgrade(wss: WebSocketServer, req: IncomingMessage, socket: Socket, head: Buffer): void {
    const url = new URL(req.url ?? '/', 'http://hub');
    const id = url.searchParams.get('id');
    const refuse = (status: number, text: string) => {
      socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    };
    if (url.pathname !== this.hubPath) {
      refuse(404, 'Not Found');
      return;
    }
    if (this.options.strictConnectionIds === true && id !== null && !this.issuedIds.has(id)) {
      refuse(404, 'Not Found');
      return;
    }
    if (id !== null) this.issuedIds.delete(id);
    wss.handleUpgrade(req, socket, head, (ws) => this.accept(webSocketPeer(ws, socket), id ?? undefined));
  }

  /**
   * Serves one client connection carried by a labwire Transport (the server end of a
   * `memoryPair('message')` in tests): the same hub as over WebSocket, without negotiate.
   */
  acceptTransport(transport: Transport): SimulatedHubConnection {
    this.attachInstrument();
    return this.accept(transportPeer(transport), undefined);
  }

  private attachInstrument(): void {
    if (this.instrumentAttached) return;
    this.instrumentAttached = true;
    this.instrument.attach((text) => this.emitFromHost(text));
  }

  private accept(peer: HubPeer, id: string | undefined): SimulatedHubConnection {
    const connection = new SimulatedHubConnection(peer, id ?? `direct-${++this.directIds}`, {
      keepAliveIntervalMs: this.options.keepAliveIntervalMs ?? 15_000,
      clientTimeoutMs: this.options.clientTimeoutMs ?? 30_000,
      handshakeTimeoutMs: this.options.handshakeTimeoutMs ?? 15_000,
      maxMessageBytes: this.options.maxMessageBytes ?? Limits.ifcbFrameBytes,
      neverComplete: new Set(this.options.neverComplete ?? []),
    });
    this.connections.add(connection);
    connection.on('register', (serial) => {
      // A loopback hub echoing [serial] works with every client (ifcb.md section 6).
      connection.invoke('startedAsClient', [serial]);
    });
    connection.on('relay', (serial, text) => {
      const command: RecordedCommand = { serial, text, connectionId: connection.id, at: Date.now() };
      this.commands.push(command);
      this.emit('command', command);
      if (serial === this.serial) this.instrument.command(text);
    });
    connection.on('error', (e) => this.emit('error', e));
    connection.on('close', () => this.connections.delete(connection));
    this.emit('connection', connection);
    return connection;
  }
}
