import { ErrorCode, LabwireError } from '../errors.js';
import { Limits } from '../limits.js';
import { type BusEvent, type BusEventInput, BusEventSchema, type EventKind } from '../model/events.js';
import { copyFields } from '../model/copy-fields.js';
import { type TopicPattern, compilePattern, topicOf } from '../model/topic.js';
import { TopicCache } from '../model/topic-cache.js';
import { RingQueue } from './subscriber-queue.js';

/**
 * `drop-oldest`: a full queue discards its oldest event and counts it.
 * `disconnect`: a full queue closes the subscription with an OVERFLOW error.
 */
export type OverflowPolicy = 'drop-oldest' | 'disconnect';

/** A handler may return a promise: further events queue (bounded) until it settles. */
export type BusHandler = (event: BusEvent) => void | PromiseLike<void>;

export interface SubscribeOptions {
  queueSize?: number;
  overflow?: OverflowPolicy;
  /** Only these event kinds. */
  kinds?: readonly EventKind[];
  /** Called once when the subscription ends (unsubscribe, overflow, bus closed). */
  onClose?: (reason: LabwireError | undefined) => void;
}

export interface Subscription {
  readonly id: number;
  readonly patterns: readonly string[];
  /** Events waiting for the handler. */
  readonly queued: number;
  readonly delivered: number;
  /** Events discarded by the drop-oldest policy. */
  readonly dropped: number;
  readonly closed: boolean;
  unsubscribe(): void;
}

export interface BusOptions {
  queueSize?: number;
  overflow?: OverflowPolicy;
  /** Validate every published event against the zod schema (tests, untrusted publishers). */
  validate?: boolean;
  now?: () => number;
  /** A handler threw or rejected; the bus keeps delivering. */
  onHandlerError?: (error: unknown, subscription: Subscription) => void;
}

export interface BusStats {
  published: number;
  subscribers: number;
  delivered: number;
  dropped: number;
  queued: number;
}

const MATCH_CACHE_LIMIT = 10_000;

function isThenable(value: unknown): value is PromiseLike<void> {
  return (
    typeof value === 'object' && value !== null && typeof (value as PromiseLike<void>).then === 'function'
  );
}

class BusSubscription implements Subscription {
  delivered = 0;
  dropped = 0;
  closed = false;
  private busy = false;
  private readonly queue: RingQueue<BusEvent>;
  private readonly resume = () => {
    this.busy = false;
    this.drainQueue();
  };
  private readonly fail = (err: unknown) => {
    this.bus.handlerFailed(err, this);
    this.resume();
  };

  constructor(
    readonly id: number,
    readonly patterns: readonly string[],
    readonly compiled: readonly TopicPattern[],
    private readonly handler: BusHandler,
    private readonly bus: Bus,
    readonly kinds: ReadonlySet<EventKind> | undefined,
    private readonly overflow: OverflowPolicy,
    queueSize: number,
    private readonly onClose: ((reason: LabwireError | undefined) => void) | undefined,
  ) {
    this.queue = new RingQueue(queueSize);
  }

  get queued(): number {
    return this.queue.size;
  }

  matches(topic: string): boolean {
    for (const p of this.compiled) if (p.matches(topic)) return true;
    return false;
  }

  deliver(event: BusEvent): void {
    if (this.closed) return;
    if (this.kinds !== undefined && !this.kinds.has(event.kind)) return;
    if (!this.busy && this.queue.size === 0) {
      if (this.run(event)) this.drainQueue();
      return;
    }
    if (this.queue.full) {
      if (this.overflow === 'disconnect') {
        this.close(
          new LabwireError(
            ErrorCode.OVERFLOW,
            `subscriber ${this.id} fell ${this.queue.capacity} events behind`,
            {
              details: { capacity: this.queue.capacity },
            },
          ),
        );
        return;
      }
      this.queue.shift();
      this.dropped += 1;
    }
    this.queue.push(event);
  }

  unsubscribe(): void {
    this.close(undefined);
  }

  close(reason: LabwireError | undefined): void {
    if (this.closed) return;
    this.closed = true;
    this.queue.clear();
    this.bus.remove(this);
    try {
      this.onClose?.(reason);
    } catch (err) {
      this.bus.handlerFailed(err, this);
    }
  }

  /** Returns false when the handler went asynchronous (the subscriber stays busy). */
  private run(event: BusEvent): boolean {
    this.busy = true;
    this.delivered += 1;
    let result: unknown;
    try {
      result = this.handler(event);
    } catch (err) {
      this.bus.handlerFailed(err, this);
    }
    if (isThenable(result)) {
      result.then(this.resume, this.fail);
      return false;
    }
    this.busy = false;
    return true;
  }

  private drainQueue(): void {
    while (!this.closed && !this.busy && this.queue.size > 0) {
      if (!this.run(this.queue.shift()!)) return;
    }
  }
}

/**
 * In-process publish/subscribe over topics. Each subscriber has its own bounded queue, so a
 * slow subscriber (one whose handler returns a pending promise) never stalls the publisher or
 * the others; the overflow policy decides what happens when it falls too far behind.
 * A subscriber with an empty queue gets events synchronously, in publish order.
 */
export class Bus {
  private nextSeq = 1;
  private nextId = 1;
  private published = 0;
  private droppedByClosed = 0;
  private readonly subscriptions = new Set<BusSubscription>();
  private readonly matchCache = new Map<string, BusSubscription[]>();
  private readonly topics = new TopicCache();
  private delivering = false;
  private readonly pending: BusEvent[] = [];
  private readonly options: Required<Omit<BusOptions, 'onHandlerError'>> & Pick<BusOptions, 'onHandlerError'>;

  constructor(options: BusOptions = {}) {
    this.options = {
      queueSize: options.queueSize ?? Limits.busQueueEvents,
      overflow: options.overflow ?? 'drop-oldest',
      validate: options.validate ?? false,
      now: options.now ?? Date.now,
      onHandlerError: options.onHandlerError,
    };
  }

  /** The seq the next event will get. */
  get seq(): number {
    return this.nextSeq;
  }

  /** Stamps `seq`, `time` and `topic` onto a copy of an event and delivers it to matching subscribers. */
  publish(input: BusEventInput): BusEvent {
    return this.publishOwned(copyFields(input));
  }

  /**
   * Like `publish`, but stamps `seq`, `time` and `topic` onto `input` itself instead of a copy:
   * for publishers that build a fresh object per event (connectors), saving a copy on the hot path.
   * The object must not be reused or changed afterwards.
   */
  publishOwned(input: BusEventInput): BusEvent {
    const event = input as BusEvent;
    event.topic ??= defaultTopic(input, this.topics);
    event.seq = this.nextSeq;
    event.time = this.options.now();
    return this.dispatch(event);
  }

  private dispatch(event: BusEvent): BusEvent {
    if (this.options.validate) {
      const parsed = BusEventSchema.safeParse(event);
      if (!parsed.success) {
        throw new LabwireError(
          ErrorCode.INVALID_ARGUMENT,
          `invalid ${event.kind} event: ${parsed.error.message}`,
          {
            details: { issues: parsed.error.issues },
          },
        );
      }
    }
    this.nextSeq += 1;
    this.published += 1;
    // A handler that publishes must not overtake the event it is handling: events published
    // during delivery wait until the current one has reached every subscriber, so every
    // subscriber sees seq order.
    if (this.delivering) {
      this.pending.push(event);
      return event;
    }
    // No try/finally on this hot path: delivery cannot throw (handlers and onClose callbacks are
    // isolated in BusSubscription).
    this.delivering = true;
    this.deliver(event);
    if (this.pending.length > 0) {
      for (let i = 0; i < this.pending.length; i++) this.deliver(this.pending[i]!);
      this.pending.length = 0;
    }
    this.delivering = false;
    return event;
  }

  private deliver(event: BusEvent): void {
    for (const sub of this.subscribersFor(event.topic)) sub.deliver(event);
  }

  subscribe(
    patterns: string | readonly string[],
    handler: BusHandler,
    options: SubscribeOptions = {},
  ): Subscription {
    const list = typeof patterns === 'string' ? [patterns] : [...patterns];
    const compiled = list.map(compilePattern);
    const sub = new BusSubscription(
      this.nextId++,
      list,
      compiled,
      handler,
      this,
      options.kinds === undefined ? undefined : new Set(options.kinds),
      options.overflow ?? this.options.overflow,
      options.queueSize ?? this.options.queueSize,
      options.onClose,
    );
    this.subscriptions.add(sub);
    this.matchCache.clear();
    return sub;
  }

  stats(): BusStats {
    let delivered = 0;
    let dropped = this.droppedByClosed;
    let queued = 0;
    for (const s of this.subscriptions) {
      delivered += s.delivered;
      dropped += s.dropped;
      queued += s.queued;
    }
    return { published: this.published, subscribers: this.subscriptions.size, delivered, dropped, queued };
  }

  /** Ends every subscription. */
  close(): void {
    for (const sub of [...this.subscriptions]) sub.close(undefined);
  }

  /** @internal */
  remove(sub: BusSubscription): void {
    if (this.subscriptions.delete(sub)) {
      this.droppedByClosed += sub.dropped;
      this.matchCache.clear();
    }
  }

  /** @internal */
  handlerFailed(err: unknown, sub: Subscription): void {
    this.options.onHandlerError?.(err, sub);
  }

  private subscribersFor(topic: string): BusSubscription[] {
    let subs = this.matchCache.get(topic);
    if (subs === undefined) {
      subs = [];
      for (const s of this.subscriptions) if (s.matches(topic)) subs.push(s);
      if (this.matchCache.size >= MATCH_CACHE_LIMIT) this.matchCache.clear();
      this.matchCache.set(topic, subs);
    }
    return subs;
  }
}

/**
 * The topic an event gets when its publisher did not set one: the address it is about. With a
 * cache, addresses seen before get the topic string built the first time.
 */
export function defaultTopic(event: BusEventInput, cache?: TopicCache): string {
  switch (event.kind) {
    case 'connection':
      return topicOf(event.connector);
    case 'property':
    case 'data':
      return addressTopic(event.connector, event.device, event.property, cache);
    case 'device':
    case 'message':
    case 'raw':
      return addressTopic(event.connector, event.device, undefined, cache);
    case 'command':
      return `${topicOf(event.connector)}/${event.target}`;
  }
}

function addressTopic(
  connector: string,
  device: string | undefined,
  property: string | undefined,
  cache: TopicCache | undefined,
): string {
  if (device === undefined) return topicOf(connector);
  return cache === undefined
    ? topicOf(connector, device, property)
    : cache.topic(connector, device, property ?? '');
}
