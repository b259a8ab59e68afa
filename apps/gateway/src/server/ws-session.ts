import { randomUUID } from 'node:crypto';
import type { ErrorInfo, RequestId, ServerMessage } from '@labwire/client';
import {
  type Bus,
  type BusEvent,
  ErrorCode,
  type EventKind,
  LabwireError,
  type OverflowPolicy,
  type Subscription,
  toLabwireError,
} from '@labwire/core';
import type { Logger } from 'pino';
import type { WebSocket } from 'ws';
import { type Principal, hasRole } from '../auth/tokens.js';
import type { ConnectorManager } from '../connectors/connector-manager.js';
import type { GatewayMetrics } from '../metrics/gateway-metrics.js';
import { browseVisible, summarize, visibleConnectors } from './connector-views.js';
import type { CommandService } from './command-service.js';
import { dataFrameHeader, eventJson, eventsFrame } from './event-frames.js';
import { ClientMessageSchema, salvageRequestId } from './inbound-messages.js';

/** Above this many bytes buffered on the socket, subscriptions wait (and their bus queues fill). */
export const SOCKET_HIGH_WATER_BYTES = 4 * 1024 * 1024;
/** A pending text batch is sent at once when it grows past this, without waiting for the tick. */
export const MAX_BATCH_BYTES = 256 * 1024;
/** Shutdown waits this long for a subscriber's buffered events to leave before closing. */
export const DRAIN_TIMEOUT_MS = 2_000;

export interface SessionContext {
  bus: Bus;
  connectors: ConnectorManager;
  commands: CommandService;
  metrics: GatewayMetrics;
  logger: Logger;
  limits: { maxMessageBytes: number; queueSize: number; overflow: OverflowPolicy };
}

interface SessionSubscription {
  id: number;
  bus: Subscription;
  batch: string[];
  batchBytes: number;
}

/**
 * One WebSocket client. Each of its subscriptions is a bus subscription with its own bounded
 * queue: the handler writes to the socket and, while the socket is backpressured, returns a
 * promise, so the bus queues (and under drop-oldest, drops and counts) instead of the socket
 * buffering without bound. Events are rendered once and sent in per-tick batches.
 */
export class WsSession {
  readonly id = randomUUID().slice(0, 8);
  private readonly subs = new Map<number, SessionSubscription>();
  private nextSub = 1;
  private flushScheduled = false;
  private drain: Promise<void> | undefined;
  private closed = false;
  private readonly log: Logger;

  constructor(
    private readonly socket: WebSocket,
    public principal: Principal,
    private readonly ctx: SessionContext,
    /** The bearer token the session authenticated with, re-checked when tokens are reloaded. */
    readonly token?: string,
  ) {
    this.log = ctx.logger.child({ session: this.id, principal: principal.name });
    socket.on('message', (data, isBinary) => this.onMessage(data as Buffer, isBinary));
    socket.on('close', () => this.dispose());
    socket.on('error', (err) => this.log.debug({ err: err.message }, 'socket error'));
    this.send({
      type: 'welcome',
      protocol: 'labwire.v1',
      session: this.id,
      role: principal.role,
      principal: principal.name,
      limits: { maxMessageBytes: ctx.limits.maxMessageBytes, queueSize: ctx.limits.queueSize },
    });
  }

  /** For metrics: the queue of each subscription. */
  *queues(): Iterable<{ session: string; subscription: number; queued: number }> {
    for (const s of this.subs.values()) yield { session: this.id, subscription: s.id, queued: s.bus.queued };
  }

  /** Sends what is buffered, waits (bounded) for the socket to drain, then closes. */
  async shutdown(code = 1001, reason = 'gateway shutting down'): Promise<void> {
    for (const sub of this.subs.values()) this.flush(sub);
    if (this.socket.readyState === this.socket.OPEN && this.socket.bufferedAmount > 0) {
      await Promise.race([this.waitForDrain(), new Promise((r) => setTimeout(r, DRAIN_TIMEOUT_MS).unref())]);
    }
    this.close(code, reason);
  }

  close(code: number, reason: string): void {
    this.dispose();
    if (this.socket.readyState === this.socket.OPEN || this.socket.readyState === this.socket.CONNECTING) {
      this.socket.close(code, reason);
    }
  }

  private dispose(): void {
    if (this.closed) return;
    this.closed = true;
    for (const sub of this.subs.values()) sub.bus.unsubscribe();
    this.subs.clear();
  }

  private onMessage(data: Buffer, isBinary: boolean): void {
    if (isBinary) {
      this.rejected('invalid');
      this.send({
        type: 'error',
        error: { code: ErrorCode.INVALID_ARGUMENT, message: 'the API takes JSON text frames only' },
      });
      return;
    }
    let value: unknown;
    try {
      value = JSON.parse(data.toString('utf8'));
    } catch (err) {
      this.rejected('invalid');
      this.send({
        type: 'error',
        error: { code: ErrorCode.MALFORMED, message: `not JSON: ${(err as Error).message}` },
      });
      return;
    }
    const parsed = ClientMessageSchema.safeParse(value);
    if (!parsed.success) {
      this.rejected('invalid');
      const error: ErrorInfo = {
        code: ErrorCode.INVALID_ARGUMENT,
        message: parsed.error.issues.map((i) => `${i.path.join('.') || 'message'}: ${i.message}`).join('; '),
      };
      const id = salvageRequestId(value);
      this.send(id === undefined ? { type: 'error', error } : { type: 'reply', id, ok: false, error });
      return;
    }
    const message = parsed.data;
    const id = message.id;
    switch (message.type) {
      case 'ping':
        this.replyOk(id, { time: Date.now() });
        return;
      case 'subscribe':
        this.reply(id, () =>
          this.subscribe(message.patterns, message.kinds, message.queueSize, message.overflow),
        );
        return;
      case 'unsubscribe':
        this.reply(id, () => this.unsubscribe(message.subscription));
        return;
      case 'connectors':
        this.reply(id, () => visibleConnectors(this.ctx.connectors, this.principal).map(summarize));
        return;
      case 'browse':
        this.replyAsync(id, () => browseVisible(this.ctx.connectors, message.connector, this.principal));
        return;
      case 'command': {
        const request = {
          target: message.target,
          action: message.action,
          ...(message.args === undefined ? {} : { args: message.args }),
          ...(message.timeoutMs === undefined ? {} : { timeoutMs: message.timeoutMs }),
          ...(message.commandId === undefined ? {} : { id: message.commandId }),
        };
        this.replyAsync(id, () => this.ctx.commands.execute(message.connector, request, this.principal));
        return;
      }
    }
  }

  private subscribe(
    patterns: string[],
    kinds: EventKind[] | undefined,
    queueSize: number | undefined,
    overflow: OverflowPolicy | undefined,
  ): { subscription: number; queueSize: number } {
    if (!hasRole(this.principal, 'read'))
      throw new LabwireError(ErrorCode.FORBIDDEN, 'subscribing needs the read role');
    const refused = patterns.filter((p) => this.principal.acl.refuses(p));
    if (refused.length > 0) {
      this.rejected('forbidden');
      throw new LabwireError(
        ErrorCode.FORBIDDEN,
        `${this.principal.name} may not subscribe to ${refused.join(', ')}`,
        {
          details: { patterns: refused },
        },
      );
    }
    const id = this.nextSub++;
    const size = Math.min(queueSize ?? this.ctx.limits.queueSize, this.ctx.limits.queueSize);
    const sub: SessionSubscription = {
      id,
      batch: [],
      batchBytes: 0,
      bus: undefined as unknown as Subscription,
    };
    const handler = (event: BusEvent): void | Promise<void> => {
      const acl = this.principal.acl;
      if (!acl.unrestricted && !acl.permits(event.topic)) return;
      if (event.kind === 'data') this.sendData(sub, event);
      else {
        const json = eventJson(event);
        sub.batch.push(json);
        sub.batchBytes += json.length;
        if (sub.batchBytes >= MAX_BATCH_BYTES) this.flush(sub);
        else this.scheduleFlush();
      }
      if (this.socket.bufferedAmount > SOCKET_HIGH_WATER_BYTES) return this.waitForDrain();
    };
    sub.bus = this.ctx.bus.subscribe(patterns, handler, {
      queueSize: size,
      overflow: overflow ?? this.ctx.limits.overflow,
      ...(kinds === undefined ? {} : { kinds }),
      onClose: (reason) => {
        if (reason === undefined || this.closed) return;
        this.subs.delete(id);
        this.ctx.metrics.overflowDisconnects.inc();
        this.log.warn({ subscription: id, code: reason.code }, 'subscription closed by overflow policy');
        this.send({ type: 'subscription-closed', sub: id, error: reason.toJSON() });
      },
    });
    this.subs.set(id, sub);
    return { subscription: id, queueSize: size };
  }

  private unsubscribe(subscription: number): { subscription: number } {
    const sub = this.subs.get(subscription);
    if (sub === undefined)
      throw new LabwireError(ErrorCode.NOT_FOUND, `no subscription ${subscription} in this session`);
    this.flush(sub);
    sub.bus.unsubscribe();
    this.subs.delete(subscription);
    return { subscription };
  }

  private sendData(sub: SessionSubscription, event: Extract<BusEvent, { kind: 'data' }>): void {
    // Keep the subscription's order: what is batched goes first.
    this.flush(sub);
    if (this.socket.readyState !== this.socket.OPEN) return;
    const header = dataFrameHeader(sub.id, event);
    const payload = event.payload;
    if (payload === undefined || payload.byteLength === 0) {
      this.socket.send(header, { binary: true, fin: true });
    } else {
      this.socket.send(header, { binary: true, fin: false });
      this.socket.send(payload, { binary: true, fin: true });
    }
    this.ctx.metrics.eventsOut.inc({ transport: 'ws' });
  }

  private scheduleFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    queueMicrotask(() => {
      this.flushScheduled = false;
      for (const sub of this.subs.values()) this.flush(sub);
    });
  }

  private flush(sub: SessionSubscription): void {
    const n = sub.batch.length;
    if (n === 0) return;
    const frame = eventsFrame(sub.id, sub.batch);
    sub.batch = [];
    sub.batchBytes = 0;
    if (this.socket.readyState !== this.socket.OPEN) return;
    this.socket.send(frame);
    this.ctx.metrics.eventsOut.inc({ transport: 'ws' }, n);
  }

  /** Resolves once everything buffered so far has left (a ping's write callback comes after it). */
  private waitForDrain(): Promise<void> {
    if (this.drain === undefined) {
      this.drain = new Promise<void>((resolve) => {
        const done = () => {
          this.socket.off('close', done);
          this.drain = undefined;
          resolve();
        };
        if (this.socket.readyState !== this.socket.OPEN) return done();
        this.socket.once('close', done);
        this.socket.ping(undefined, undefined, done);
      });
    }
    return this.drain;
  }

  private reply(id: RequestId, run: () => unknown): void {
    try {
      this.replyOk(id, run());
    } catch (err) {
      this.replyError(id, err);
    }
  }

  private replyAsync(id: RequestId, run: () => Promise<unknown>): void {
    run().then(
      (result) => this.replyOk(id, result),
      (err) => this.replyError(id, err),
    );
  }

  private replyOk(id: RequestId, result: unknown): void {
    this.send({ type: 'reply', id, ok: true, result });
  }

  private replyError(id: RequestId, err: unknown): void {
    const error = toLabwireError(err);
    this.send({ type: 'reply', id, ok: false, error: error.toJSON() });
  }

  private rejected(reason: string): void {
    this.ctx.metrics.rejections.inc({ reason });
  }

  private send(message: ServerMessage): void {
    if (this.socket.readyState !== this.socket.OPEN) return;
    let text: string;
    try {
      text = JSON.stringify(message);
    } catch {
      text = JSON.stringify(message, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
    }
    this.socket.send(text);
  }
}
