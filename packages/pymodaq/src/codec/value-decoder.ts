import type { DecoderSink } from '@labwire/core';
import { type DecodeLimitOptions, StreamDecoder, limitsOf } from './decoder-base.js';
import type { Dialect } from './dialect.js';
import type { ValueForm } from './encode.js';
import { legacyReaders } from './parse-legacy.js';
import type { Frame, ParseLimits } from './parse-machine.js';
import { V5MessageFrame } from './parse-v5.js';
import type { BareKind, PymodaqValue, V1ItemType } from './values.js';

export interface ValueDecoderOptions extends DecodeLimitOptions {
  dialect: Dialect;
  /** Default: `message` for v5, `bare` otherwise. */
  form?: ValueForm;
  /** What a bare value is read as (bare values carry no type). Default `string`. */
  as?: BareKind;
  /** Element kind of v1 lists (they carry no tags). Default `array`. */
  itemType?: V1ItemType;
}

/** Decodes a stream of values of one form and kind (one `message` call per value). */
export class ValueDecoder extends StreamDecoder<PymodaqValue> {
  private readonly make: () => Frame;

  constructor(sink: DecoderSink<PymodaqValue>, options: ValueDecoderOptions) {
    const limits: ParseLimits = limitsOf(options);
    super(sink, limits);
    const { dialect } = options;
    const form = options.form ?? (dialect === 'v5' ? 'message' : 'bare');
    if (dialect === 'v5') {
      this.make = () => new V5MessageFrame(limits);
    } else {
      const readers = legacyReaders(dialect);
      this.make =
        form === 'tagged' ? readers.tagged : () => readers.bare(options.as ?? 'string', options.itemType);
    }
  }

  protected topFrame(): Frame {
    return this.make();
  }
}

export function createValueDecoder(
  sink: DecoderSink<PymodaqValue>,
  options: ValueDecoderOptions,
): ValueDecoder {
  return new ValueDecoder(sink, options);
}
