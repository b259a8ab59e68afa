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

  constructor(private readonly onError: (error: LabwireError) => void) {}

  get size(): number {
    return this.registrations.length + this.raw.length;
  }

  /** Registers a field pattern; returns the id for `off`. */
  onPattern(pattern: HandlerPattern, handler: FieldsHandler): number {
    const id = this.nextId++;
    // Copy-on-write: a delivery in progress keeps the list it started with.
    this.registrations = [...this.registrations, { id, pattern: [...pattern], key: undefined, handler }];
    return id;
  }

  /** Registers a handler for one message key (`valuechanged.pausestate`); typed by the key. */
  onKey<K extends IfcbMessageKey>(key: K, handler: KeyHandler<K>): number {
    const id = this.nextId++;
    this.registrations = [
      ...this.registrations,
      { id, pattern: undefined, key, handler: handler as Registration['handler'] },
    ];
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
    this.registrations = this.registrations.filter((r) => r.id !== id);
    this.raw = this.raw.filter((r) => r.id !== id);
    return this.size < before;
  }

  clear(): void {
    this.registrations = [];
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

  /** Runs the handlers of an already parsed message. */
  dispatch(relayed: RelayedMessage): void {
    const message = relayed.message;
    for (const r of this.raw) this.call(r.handler, r.id, [relayed]);
    if (message.key === 'unknown') return;
    const fields = message.fields;
    // A snapshot, so a handler that registers or unregisters does not change this delivery.
    const list = this.registrations;
    for (let i = 0; i < list.length; i++) {
      const r = list[i]!;
      if (r.key !== undefined) {
        if (r.key === message.key) this.call(r.handler, r.id, [message, relayed]);
      } else if (patternMatches(r.pattern!, fields)) {
        this.call(r.handler, r.id, fields);
      }
    }
  }

  private call(handler: (...args: never[]) => void, id: number, args: unknown[]): void {
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
