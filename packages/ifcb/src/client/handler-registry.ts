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
  private index: DispatchIndex = buildIndex([]);

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
    // An index snapshot: a handler that registers or unregisters does not change this delivery.
    const index = this.index;
    const f0 = fields[0];
    const f1 = fields[1];
    let matches: Registration[] | undefined;
    let groups = 0;
    const collect = (list: readonly Registration[] | undefined) => {
      if (list === undefined) return;
      let found = false;
      for (let i = 0; i < list.length; i++) {
        const r = list[i]!;
        if (r.pattern === undefined || patternMatches(r.pattern, fields)) {
          if (matches === undefined) matches = [];
          matches.push(r);
          found = true;
        }
      }
      if (found) groups += 1;
    };
    collect(index.generic);
    if (typeof f0 === 'string') {
      collect(index.byFirst.get(f0));
      if (typeof f1 === 'string') collect(index.bySecond.get(f0)?.get(f1));
    }
    collect(index.byKey.get(message.key));
    if (matches === undefined) return;
    if (groups > 1) matches.sort((a, b) => a.id - b.id);
    for (const r of matches) {
      if (r.key !== undefined) this.call(r.handler, r.id, [message, relayed]);
      else this.call(r.handler, r.id, fields);
    }
  }

  private update(registrations: Registration[]): void {
    this.registrations = registrations;
    this.index = buildIndex(registrations);
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

/**
 * Registrations grouped so a message is matched only against the patterns that could fire: a
 * pattern whose first two elements are text can only match fields with exactly that text
 * (strings equal only strings), so it is filed under them. Each list keeps registration order.
 */
interface DispatchIndex {
  generic: Registration[];
  byFirst: Map<string, Registration[]>;
  bySecond: Map<string, Map<string, Registration[]>>;
  byKey: Map<string, Registration[]>;
}

function buildIndex(registrations: readonly Registration[]): DispatchIndex {
  const index: DispatchIndex = { generic: [], byFirst: new Map(), bySecond: new Map(), byKey: new Map() };
  const add = <K>(map: Map<K, Registration[]>, key: K, r: Registration) => {
    const list = map.get(key);
    if (list === undefined) map.set(key, [r]);
    else list.push(r);
  };
  for (const r of registrations) {
    if (r.key !== undefined) {
      add(index.byKey, r.key, r);
      continue;
    }
    const [p0, p1] = r.pattern!;
    if (typeof p0 !== 'string') index.generic.push(r);
    else if (typeof p1 !== 'string') add(index.byFirst, p0, r);
    else {
      let inner = index.bySecond.get(p0);
      if (inner === undefined) {
        inner = new Map();
        index.bySecond.set(p0, inner);
      }
      add(inner, p1, r);
    }
  }
  return index;
}
