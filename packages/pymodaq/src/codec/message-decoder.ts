import { type DecoderSink, ErrorCode, LabwireError } from '@labwire/core';
import { type DecodeLimitOptions, StreamDecoder, limitsOf } from './decoder-base.js';
import type { Dialect } from './dialect.js';
import { type LegacyReaders, legacyReaders } from './parse-legacy.js';
import { DONE, type Frame, type ParseLimits, type Reader, type StepResult } from './parse-machine.js';
import { V5MessageFrame } from './parse-v5.js';
import { type ArgKind, type PymodaqMessage, type ReceivingSide, argumentKinds } from './messages.js';
import type { PymodaqValue } from './values.js';

export interface MessageDecoderOptions extends DecodeLimitOptions {
  dialect: Dialect;
  /** The end that receives these messages: its argument table applies. */
  side: ReceivingSide;
}

/** Reads a command string, then the arguments the table of §6.1 gives it. */
class MessageFrame implements Frame {
  result: unknown;
  private command: string | undefined;
  private kinds: readonly ArgKind[] = [];
  private readonly args: PymodaqValue[] = [];
  private started = false;

  constructor(
    private readonly side: ReceivingSide,
    private readonly dialect: Dialect,
    private readonly readArg: (kind: ArgKind) => Frame,
    private readonly readCommand: () => Frame,
  ) {}

  step(_r: Reader): StepResult {
    if (!this.started) {
      this.started = true;
      return this.readCommand();
    }
    if (this.args.length < this.kinds.length) return this.readArg(this.kinds[this.args.length]!);
    this.result = { command: this.command!, args: this.args } satisfies PymodaqMessage;
    return DONE;
  }

  accept(value: unknown): void {
    if (this.command === undefined) {
      const v = value as PymodaqValue | string;
      if (typeof v === 'string') this.command = v;
      else if (v.type === 'string') this.command = v.value;
      else throw new LabwireError(ErrorCode.MALFORMED, `a command must be a string, got a ${v.type}`);
      this.kinds = argumentKinds(this.side, this.command, this.dialect);
      return;
    }
    this.args.push(value as PymodaqValue);
  }
}

function legacyArg(readers: LegacyReaders, dialect: Dialect, kind: ArgKind): Frame {
  const objects = dialect === 'v4' || dialect === 'v4.3';
  switch (kind) {
    case 'string':
    case 'any':
      return readers.bare('string');
    case 'path':
      return readers.bare('list', 'string');
    case 'position':
      return objects ? readers.bare('dwa') : readers.bare('scalar');
    case 'data':
      return objects ? readers.bare('dte') : readers.bare('list', 'array');
    case 'array':
      return readers.bare('array');
  }
}

/** Decodes a stream of messages as the given side receives them. */
export class MessageDecoder extends StreamDecoder<PymodaqMessage> {
  private readonly make: () => Frame;

  constructor(sink: DecoderSink<PymodaqMessage>, options: MessageDecoderOptions) {
    const limits: ParseLimits = limitsOf(options);
    super(sink, limits);
    const { dialect, side } = options;
    if (dialect === 'v5') {
      const v5 = () => new V5MessageFrame(limits);
      this.make = () => new MessageFrame(side, dialect, v5, v5);
    } else {
      const readers = legacyReaders(dialect);
      this.make = () =>
        new MessageFrame(
          side,
          dialect,
          (kind) => legacyArg(readers, dialect, kind),
          () => readers.bare('string'),
        );
    }
  }

  protected topFrame(): Frame {
    return this.make();
  }
}

export function createMessageDecoder(
  sink: DecoderSink<PymodaqMessage>,
  options: MessageDecoderOptions,
): MessageDecoder {
  return new MessageDecoder(sink, options);
}
