import { LabwireError } from '@labwire/core';
import { IfcbErrorCode } from '../codec/errors.js';
import type { FieldValue, IfcbKnownMessage, IfcbMessage, IfcbMessageKey } from '../codec/message-types.js';
import { type HandlerPattern, patternMatches } from '../codec/pattern-match.js';
import { parseIfcbMessage } from '../codec/parse-message.js';

/** The four arguments of a `messageRelayed` invocation. */
export interface RelayedMessage {
  senderId: unknown;
  source: unknown;
  seqno: unknown;
  text: string;
  message: IfcbMessage;
}

export type FieldsHandler = (...fields: FieldValue[]) => void;
export type KeyHandler<K extends IfcbMessageKey> = (
  message: IfcbKnownMessage<K>,
  relayed: RelayedMessage,
) => void;
export type RawHandler = (relayed: RelayedMessage) => void;

interface Registration {
  id: number;
  /** A field pattern (pyifcbclient's `on(pattern, callback)`), or a message key. */
  pattern: HandlerPattern | undefined;
  key: string | undefined;
  handler: (...args: never[]) => void;
}

/**
 * pyifcbclient's handler registry, with the project's deviations (shared/protocols/ifcb.md 8):
 * a pattern longer than the fields does not fire; a handler that throws is reported and the
 * others still run; unknown messages reach only raw (any-message) handlers.
 */
export class HandlerRegistry {
  private nextId = 1;
  private registrations: Registration[] = [];
  private raw: Array<{ id: number; handler: RawHandler }> = [];
  private index: DispatchIndex = new DispatchIndex([]);

  constructor(private readonly onError: (error: LabwireError) => void) {}

  get size(): number {
    return this.registrations.length + this.raw.length;
  }

  /** Registers a field pattern; returns the id for `off`. */
  onPattern(pattern: HandlerPattern, handler: FieldsHandler): number {
    const id = this.nextId++;
    this.update([...this.registrations, { id, pattern: [...pattern], key: undefined, handler }]);
    return id;
  }

  /** Registers a handler for one message key (`valuechanged.pausestate`); typed by the key. */
  onKey<K extends IfcbMessageKey>(key: K, handler: KeyHandler<K>): number {
    const id = this.nextId++;
    this.update([
      ...this.registrations,
      { id, pattern: undefined, key, handler: handler as Registration['handler'] },
    ]);
    return id;
  }

  /** Every relayed message, parsed or not (pyifcbclient's `on_any_message`). */
  onAny(handler: RawHandler): number {
    const id = this.nextId++;
    this.raw = [...this.raw, { id, handler }];
    return id;
  }

  off(id: number): boolean {
    const before = this.size;
    this.update(this.registrations.filter((r) => r.id !== id));
    this.raw = this.raw.filter((r) => r.id !== id);
    return this.size < before;
  }

  clear(): void {
    this.update([]);
    this.raw = [];
  }

  /**
   * Delivers one `messageRelayed` invocation. Arguments other than four with a string fourth
   * reach no handler and are reported. Returns the relayed message, or undefined when refused.
   */
  deliver(args: unknown): RelayedMessage | undefined {
    if (!Array.isArray(args) || args.length !== 4 || typeof args[3] !== 'string') {
      this.onError(
        new LabwireError(
          IfcbErrorCode.HUB_BAD_INVOCATION,
          'messageRelayed needs four arguments with a text message last',
          {
            details: { arguments: Array.isArray(args) ? args.length : typeof args },
          },
        ),
      );
      return undefined;
    }
    const text = args[3] as string;
    const relayed: RelayedMessage = {
      senderId: args[0],
      source: args[1],
      seqno: args[2],
      text,
      message: parseIfcbMessage(text),
    };
    this.dispatch(relayed);
    return relayed;
  }

  /** Runs the handlers of an already parsed message, in registration order. */
  dispatch(relayed: RelayedMessage): void {
    const message = relayed.message;
    for (const r of this.raw) this.call(r.handler, r.id, [relayed]);
    if (message.key === 'unknown') return;
    const fields = message.fields;
    // A snapshot: a handler that registers or unregisters replaces the index, not this list.
    const list = this.index.candidates(message.key, fields);
    for (let i = 0; i < list.length; i++) {
      const r = list[i]!;
      if (r.key !== undefined) this.call(r.handler, r.id, [message, relayed]);
      else if (patternMatches(r.pattern!, fields)) this.call(r.handler, r.id, fields);
    }
  }

  private update(registrations: Registration[]): void {
    this.registrations = registrations;
    this.index = new DispatchIndex(registrations);
  }

  private call(handler: (...args: never[]) => void, id: number, args: readonly unknown[]): void {
    try {
      (handler as (...a: unknown[]) => void)(...args);
    } catch (err) {
      this.onError(
        new LabwireError(
          IfcbErrorCode.HANDLER_FAILED,
          `handler ${id} threw: ${(err as Error)?.message ?? String(err)}`,
          {
            cause: err,
            details: { handler: id },
          },
        ),
      );
    }
  }
}

/** How many second fields of one message key the index remembers (free text must not grow it). */
export const DISPATCH_CACHE_PER_KEY = 256;
const NOT_TEXT = Symbol('not text');

/**
 * Registrations grouped so a message is matched only against the patterns that could fire: a
 * pattern whose first two elements are text can only match fields with exactly that text
 * (strings equal only strings), so it is filed under them. A message's key fixes its first field,
 * so the merged candidates (in registration order) are remembered per key and second field.
 */
class DispatchIndex {
  private readonly generic: Registration[] = [];
  private readonly byFirst = new Map<string, Registration[]>();
  private readonly bySecond = new Map<string, Map<string, Registration[]>>();
  private readonly byKey = new Map<string, Registration[]>();
  private readonly cache = new Map<
    string,
    { first: FieldValue | undefined; lists: Map<string | symbol, readonly Registration[]> }
  >();

  constructor(registrations: readonly Registration[]) {
    for (const r of registrations) {
      if (r.key !== undefined) {
        append(this.byKey, r.key, r);
        continue;
      }
      const [p0, p1] = r.pattern!;
      if (typeof p0 !== 'string') this.generic.push(r);
      else if (typeof p1 !== 'string') append(this.byFirst, p0, r);
      else {
        let inner = this.bySecond.get(p0);
        if (inner === undefined) {
          inner = new Map();
          this.bySecond.set(p0, inner);
        }
        append(inner, p1, r);
      }
    }
  }

  /** The registrations that could fire for a message, in registration order. */
  candidates(key: string, fields: readonly FieldValue[]): readonly Registration[] {
    const f0 = fields[0];
    const f1 = fields[1];
    let perKey = this.cache.get(key);
    if (perKey === undefined) {
      perKey = { first: f0, lists: new Map() };
      this.cache.set(key, perKey);
    }
    // A key fixes the first field; should one ever come with another, it is not cached.
    if (perKey.first !== f0) return this.merge(key, f0, f1);
    const second = typeof f1 === 'string' ? f1 : NOT_TEXT;
    let list = perKey.lists.get(second);
    if (list === undefined) {
      list = this.merge(key, f0, f1);
      if (perKey.lists.size < DISPATCH_CACHE_PER_KEY) perKey.lists.set(second, list);
    }
    return list;
  }

  private merge(key: string, f0: FieldValue | undefined, f1: FieldValue | undefined): Registration[] {
    const list = [...this.generic, ...(this.byKey.get(key) ?? [])];
    if (typeof f0 === 'string') {
      list.push(...(this.byFirst.get(f0) ?? []));
      if (typeof f1 === 'string') list.push(...(this.bySecond.get(f0)?.get(f1) ?? []));
    }
    return list.sort((a, b) => a.id - b.id);
  }
}

function append<K>(map: Map<K, Registration[]>, key: K, r: Registration): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [r]);
  else list.push(r);
}
