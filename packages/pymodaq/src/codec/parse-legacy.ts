import { LabwireError } from '@labwire/core';
import { PymodaqErrorCode } from '../errors.js';
import type { LegacyDialect } from './encode-legacy.js';
import { DONE, type Frame, NEED, type Reader, type StepResult } from './parse-machine.js';
import {
  CountedFrame,
  type FrameFactory,
  SequenceFrame,
  asNumber,
  asStrings,
  buildAxis,
  buildDte,
  buildDwa,
  checkClass,
  checkDwaClass,
  fixed,
} from './parse-objects.js';
import { ArrayFrame, FieldFrame, ScalarFrame, bytesFrame, stringFrame } from './parse-primitives.js';
import type { BareKind, PymodaqValue, V1ItemType } from './values.js';

/** The v1–v4 parsers (protocol reference §3–4), as frame factories per dialect. */
export interface LegacyReaders {
  bare(kind: BareKind | 'parameter', itemType?: V1ItemType): Frame;
  tagged(): Frame;
}

const V2_TAGS = new Set(['array', 'string', 'scalar']);
const V4_TAGS = new Set([
  'scalar',
  'string',
  'bytes',
  'array',
  'bool',
  'list',
  'axis',
  'dwa',
  'dte',
  'parameter',
]);

/** `S(tag) + payload`: the tag picks the payload's reader; an unknown tag is an error (a deviation). */
class TaggedFrame implements Frame {
  result: unknown;
  private tag: string | undefined;
  private readonly tagField = new FieldFrame(true, 'tag');
  private waiting = false;

  constructor(
    private readonly readers: LegacyReaders,
    private readonly dialect: LegacyDialect,
  ) {}

  step(r: Reader): StepResult {
    if (this.tag === undefined) {
      if (this.tagField.step(r) === NEED) return NEED;
      const tag = this.tagField.result as string;
      const known = this.dialect === 'v2' ? V2_TAGS : V4_TAGS;
      if (this.dialect === 'v1' || !known.has(tag)) {
        throw new LabwireError(
          PymodaqErrorCode.UNKNOWN_TAG,
          `unknown ${this.dialect} list element tag ${JSON.stringify(tag)}`,
          {
            details: { tag },
          },
        );
      }
      this.tag = tag;
    }
    if (this.waiting) return DONE;
    this.waiting = true;
    return this.tag === 'bool'
      ? this.readers.bare('scalar')
      : this.readers.bare(this.tag as BareKind | 'parameter');
  }

  accept(value: unknown): void {
    // Tag 'bool' (accepted, never emitted): the payload is a scalar and the value its truth.
    this.result = this.tag === 'bool' ? { type: 'bool', value: asNumber(value, 'bool') !== 0 } : value;
  }
}

export function legacyReaders(dialect: LegacyDialect): LegacyReaders {
  const v1 = dialect === 'v1';
  const rule = v1 || dialect === 'v2' ? 'squeeze' : 'atleast1d';
  const withUnits = dialect === 'v4';
  const array = (): Frame => new ArrayFrame(v1, rule);
  const scalar = (): Frame => new ScalarFrame();
  const list = (): Frame => new CountedFrame(readers.tagged);
  const text = (check?: (t: string) => void) => (): Frame => new FieldFrame(true, 'string', check);

  const axis = (): Frame =>
    fixed([text(checkClass('Axis')), stringFrame, stringFrame, array, scalar, scalar], (v) =>
      buildAxis(v[1], v[2], v[3], v[4], v[5]),
    );

  const dwaFields: FrameFactory[] = [
    text(checkDwaClass),
    scalar,
    stringFrame,
    ...(withUnits ? [stringFrame] : []),
    stringFrame,
    stringFrame,
    stringFrame,
    list,
    list,
    stringFrame,
    list,
    list,
    list,
    list,
  ];
  const dwa = (): Frame =>
    new SequenceFrame(
      (i, values) => {
        if (i < dwaFields.length) return dwaFields[i];
        const names = asStrings(values[dwaFields.length - 1], 'extra attribute names');
        return i < dwaFields.length + names.length ? readers.tagged : undefined;
      },
      (v) => {
        const u = withUnits ? 1 : 0;
        return buildDwa({
          class: v[0],
          timestamp: v[1],
          name: v[2],
          units: withUnits ? v[3] : undefined,
          source: v[3 + u],
          dim: v[4 + u],
          distribution: v[5 + u],
          data: v[6 + u],
          labels: v[7 + u],
          origin: v[8 + u],
          navIndexes: v[9 + u],
          axes: v[10 + u],
          errors: v[11 + u],
          extraNames: v[12 + u],
          extraValues: v.slice(13 + u),
        });
      },
    );

  const dte = (): Frame =>
    fixed([text(checkClass('DataToExport')), scalar, stringFrame, list], (v) =>
      buildDte(v[1], v[2], v[3], []),
    );

  const parameter = (): Frame =>
    fixed([readers.bare.bind(null, 'list', 'string'), stringFrame], (v) => ({
      type: 'parameter',
      path: asStrings(v[0], 'parameter path'),
      xml: v[1] as string,
    }));

  const itemFrame = (itemType: V1ItemType): FrameFactory =>
    itemType === 'array' ? array : itemType === 'scalar' ? scalar : stringFrame;

  const readers: LegacyReaders = {
    bare(kind, itemType) {
      switch (kind) {
        case 'string':
          return wrapString(stringFrame());
        case 'bytes':
          return wrapBytes(bytesFrame());
        case 'scalar':
          return scalar();
        case 'array':
          return array();
        case 'list':
          return v1 ? new CountedFrame(wrapFactory(itemFrame(itemType ?? 'array'))) : list();
        case 'axis':
          return axis();
        case 'dwa':
          return dwa();
        case 'dte':
          return dte();
        case 'parameter':
          return parameter();
      }
    },
    tagged: () => new TaggedFrame(readers, dialect),
  };
  return readers;
}

/** Plain string/bytes results become values where a value is expected. */
class ValueWrap implements Frame {
  result: unknown;
  private done = false;
  constructor(
    private readonly inner: Frame,
    private readonly make: (raw: unknown) => PymodaqValue,
  ) {}
  step(): StepResult {
    if (this.done) return DONE;
    this.done = true;
    return this.inner;
  }
  accept(value: unknown): void {
    this.result = this.make(value);
  }
}

const wrapString = (inner: Frame): Frame =>
  new ValueWrap(inner, (v) => ({ type: 'string', value: v as string }));
const wrapBytes = (inner: Frame): Frame =>
  new ValueWrap(inner, (v) => ({ type: 'bytes', value: v as Uint8Array }));
const wrapFactory =
  (factory: FrameFactory): FrameFactory =>
  () => {
    const frame = factory();
    return frame instanceof FieldFrame ? wrapString(frame) : frame;
  };
