import { LabwireError } from '@labwire/core';
import { PymodaqErrorCode } from '../errors.js';
import {
  DONE,
  type Frame,
  NEED,
  type ParseLimits,
  type Reader,
  type StepResult,
  parseWhole,
} from './parse-machine.js';
import {
  CountedFrame,
  SequenceFrame,
  asStrings,
  asValue,
  buildAxis,
  buildDte,
  buildDwa,
  fixed,
} from './parse-objects.js';
import { ArrayFrame, FieldFrame, ScalarFrame } from './parse-primitives.js';
import { DWA_CLASSES, type ExtraAttribute, type PymodaqValue } from './values.js';

/**
 * The v5 parser (protocol reference §5): objects named by their Python class, every field a
 * length-prefixed message. Type names must match exactly (the reference's substring lookup is
 * a bug), and a message must be exactly its object (stray bytes are an error).
 */
const DWA_NAMES = new Set<string>(DWA_CLASSES);

function scalarObject(): Frame {
  return new MapFrame(new ScalarFrame(), (v) => {
    const s = v as PymodaqValue & { type: 'scalar' };
    // The payload's dtype decides: |b1 is a bool whatever the type name said.
    return s.dtype === '|b1' ? { type: 'bool', value: s.value === true } : s;
  });
}

const DWA_FIELD_COUNT = 13;

function dwaPayload(className: string): Frame {
  return new SequenceFrame(
    (i, values) => {
      if (i < DWA_FIELD_COUNT) return objectFrame;
      const names = asStrings(values[DWA_FIELD_COUNT - 1], 'extra attribute names');
      return i < DWA_FIELD_COUNT + names.length ? objectFrame : undefined;
    },
    (v) =>
      buildDwa({
        class: className,
        timestamp: v[0],
        name: v[1],
        source: v[2],
        dim: v[3],
        distribution: v[4],
        data: v[5],
        units: v[6],
        labels: v[7],
        origin: v[8],
        navIndexes: v[9],
        axes: v[10],
        errors: v[11],
        extraNames: v[12],
        extraValues: v.slice(13),
      }),
  );
}

function extrasOf(names: unknown, values: unknown[]): ExtraAttribute[] {
  return asStrings(names, 'extra attribute names').map((name, i) => ({ name, value: asValue(values[i]) }));
}

function dtePayload(): Frame {
  return new SequenceFrame(
    (i, values) => {
      if (i < 4) return objectFrame;
      return i < 4 + asStrings(values[3], 'extra attribute names').length ? objectFrame : undefined;
    },
    (v) => buildDte(v[0], v[1], v[2], extrasOf(v[3], v.slice(4))),
  );
}

function payloadFor(name: string): Frame {
  switch (name) {
    case 'str':
      return new MapFrame(new FieldFrame(true), (v) => ({ type: 'string', value: v as string }));
    case 'bytes':
      return new MapFrame(new FieldFrame(false, 'bytes'), (v) => ({ type: 'bytes', value: v as Uint8Array }));
    case 'int':
    case 'float':
    case 'complex':
    case 'bool':
      return scalarObject();
    case 'ndarray':
      return new ArrayFrame(false, 'atleast1d');
    case 'list':
      return new CountedFrame(objectFrame);
    case 'Axis':
      return fixed([objectFrame, objectFrame, objectFrame, objectFrame, objectFrame], (v) =>
        buildAxis(v[0], v[1], v[2], v[3], v[4]),
      );
    case 'DataToExport':
      return dtePayload();
    case 'ParameterWithPath':
      return fixed([objectFrame, objectFrame], (v) => {
        const xml = v[1] as PymodaqValue;
        let text: string;
        if (xml.type === 'string') text = xml.value;
        else if (xml.type === 'bytes') text = new TextDecoder('utf-8', { fatal: true }).decode(xml.value);
        else throw new LabwireError(PymodaqErrorCode.BAD_FIELD, 'ParameterWithPath XML must be bytes or str');
        return { type: 'parameter', path: asStrings(v[0], 'parameter path'), xml: text };
      });
    default:
      if (DWA_NAMES.has(name)) return dwaPayload(name);
      throw new LabwireError(PymodaqErrorCode.UNKNOWN_TAG, `unknown v5 type ${JSON.stringify(name)}`, {
        details: { type: name },
      });
  }
}

/** `S(type name) + payload`. */
export class ObjectFrame implements Frame {
  result: unknown;
  private readonly nameField = new FieldFrame(true, 'type name');
  private name: string | undefined;
  private waiting = false;

  step(r: Reader): StepResult {
    if (this.name === undefined) {
      if (this.nameField.step(r) === NEED) return NEED;
      this.name = this.nameField.result as string;
    }
    if (this.waiting) return DONE;
    this.waiting = true;
    return payloadFor(this.name);
  }

  accept(value: unknown): void {
    this.result = value;
  }
}

export const objectFrame = (): Frame => new ObjectFrame();

/**
 * `u32(length) + object`: the whole message is buffered first (its length was checked against
 * the limits), then parsed on its own, so an object can never run past its message.
 */
export class V5MessageFrame implements Frame {
  result: unknown;
  private length = -1;

  constructor(private readonly limits: ParseLimits) {}

  step(r: Reader): StepResult {
    if (this.length < 0) {
      this.length = r.length('v5 message');
      if (this.length < 0) return NEED;
    }
    const bytes = r.take(this.length);
    if (bytes === undefined) return NEED;
    const { value, left } = parseWhole(new ObjectFrame(), bytes, this.limits);
    if (left !== 0) {
      throw new LabwireError(
        PymodaqErrorCode.TRAILING_BYTES,
        `${left} stray bytes after the object in a v5 message`,
        {
          details: { left },
        },
      );
    }
    this.result = value;
    return DONE;
  }

  accept(): void {}
}

/** Runs one frame and maps its result. */
export class MapFrame implements Frame {
  result: unknown;
  private done = false;

  constructor(
    private readonly inner: Frame,
    private readonly map: (value: unknown) => unknown,
  ) {}

  step(): StepResult {
    if (this.done) return DONE;
    this.done = true;
    return this.inner;
  }

  accept(value: unknown): void {
    this.result = this.map(value);
  }
}
