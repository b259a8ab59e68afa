import { LabwireError } from '@labwire/core';
import { PymodaqErrorCode } from '../errors.js';
import { type Dtype, parseDtype } from './dtype.js';
import { dataViewOf, readElement } from './elements.js';
import { DONE, type Frame, NEED, type Reader, type StepResult } from './parse-machine.js';
import type { NdArray, ScalarValue } from './values.js';

const utf8 = new TextDecoder('utf-8', { fatal: true });

function decodeUtf8(bytes: Uint8Array): string {
  try {
    return utf8.decode(bytes);
  } catch (err) {
    throw new LabwireError(PymodaqErrorCode.BAD_UTF8, 'string field is not valid UTF-8', { cause: err });
  }
}

/** Frames that have no children. */
abstract class LeafFrame implements Frame {
  result: unknown;
  abstract step(r: Reader): StepResult;
  accept(): void {}
}

/** `u32(n) + n bytes`, as a string (UTF-8) or as bytes. `check` may refuse the text (class names). */
export class FieldFrame extends LeafFrame {
  private n = -1;

  constructor(
    private readonly asText: boolean,
    private readonly what = 'string',
    private readonly check?: (text: string) => void,
  ) {
    super();
  }

  step(r: Reader): StepResult {
    if (this.n < 0) {
      this.n = r.length(this.what);
      if (this.n < 0) return NEED;
    }
    const bytes = r.take(this.n);
    if (bytes === undefined) return NEED;
    if (this.asText) {
      const text = decodeUtf8(bytes);
      this.check?.(text);
      this.result = text;
    } else {
      this.result = bytes;
    }
    return DONE;
  }
}

export const stringFrame = (): Frame => new FieldFrame(true);
export const bytesFrame = (): Frame => new FieldFrame(false, 'bytes');

/** Reads the dtype string field inline (shared by scalars and arrays). */
class DtypeField {
  private n = -1;
  dtype: Dtype | undefined;

  read(r: Reader): boolean {
    if (this.n < 0) {
      this.n = r.length('dtype string');
      if (this.n < 0) return false;
    }
    const bytes = r.take(this.n);
    if (bytes === undefined) return false;
    this.dtype = parseDtype(decodeUtf8(bytes));
    return true;
  }
}

/** `S(dtype) + u32(nbytes) + bytes`; nbytes must be the item size (the reference silently took the first item). */
export class ScalarFrame extends LeafFrame {
  private readonly dtypeField = new DtypeField();
  private nbytes = -1;

  step(r: Reader): StepResult {
    if (this.dtypeField.dtype === undefined && !this.dtypeField.read(r)) return NEED;
    const dtype = this.dtypeField.dtype!;
    if (this.nbytes < 0) {
      this.nbytes = r.length('scalar');
      if (this.nbytes < 0) return NEED;
      if (this.nbytes !== dtype.itemsize) {
        throw new LabwireError(
          PymodaqErrorCode.BAD_SIZE,
          `a ${dtype.descr} scalar has ${dtype.itemsize} bytes, the field announces ${this.nbytes}`,
          { details: { dtype: dtype.descr, nbytes: this.nbytes } },
        );
      }
    }
    const bytes = r.take(this.nbytes);
    if (bytes === undefined) return NEED;
    const value: ScalarValue = {
      type: 'scalar',
      dtype: dtype.descr,
      value: readElement(dataViewOf(bytes), dtype, 0),
    };
    this.result = value;
    return DONE;
  }
}

/** numpy's largest ndim (32 before numpy 2): a bound on a hostile ndim field. */
const MAX_NDIM = 64;

/**
 * What the receiver does to the shape: v1/v2 squeeze every size-1 dimension; v4.3/v4/v5 keep
 * the shape but turn 0-d into [1] (numpy.atleast_1d).
 */
export type ShapeRule = 'squeeze' | 'atleast1d';

/**
 * An array: v2+ `S(dtype) u32(nbytes) u32(ndim) dims… bytes`, or v1 `S(dtype) u32(nbytes) u32(Nrow)
 * u32(Ncol) bytes`. The element bytes are a view of the received chunk when it holds them all.
 */
export class ArrayFrame extends LeafFrame {
  private readonly dtypeField = new DtypeField();
  private nbytes = -1;
  private ndim = -1;
  private readonly dims: number[] = [];

  constructor(
    private readonly v1: boolean,
    private readonly rule: ShapeRule,
  ) {
    super();
  }

  step(r: Reader): StepResult {
    if (this.dtypeField.dtype === undefined && !this.dtypeField.read(r)) return NEED;
    const dtype = this.dtypeField.dtype!;
    if (this.nbytes < 0) {
      this.nbytes = r.length('array');
      if (this.nbytes < 0) return NEED;
    }
    if (this.ndim < 0) {
      if (this.v1) {
        this.ndim = 2;
      } else {
        this.ndim = r.u32();
        if (this.ndim < 0) return NEED;
        if (this.ndim > MAX_NDIM) {
          throw new LabwireError(
            PymodaqErrorCode.BAD_SIZE,
            `array with ${this.ndim} dimensions (at most ${MAX_NDIM})`,
          );
        }
      }
    }
    while (this.dims.length < this.ndim) {
      const d = r.u32();
      if (d < 0) return NEED;
      this.dims.push(d);
      if (this.dims.length === this.ndim) this.checkSize(dtype);
    }
    if (this.ndim === 0 && this.dims.length === 0) this.checkSize(dtype);
    const bytes = r.take(this.nbytes);
    if (bytes === undefined) return NEED;
    const array: NdArray = { type: 'array', dtype: dtype.descr, shape: this.finalShape(dtype), bytes };
    this.result = array;
    return DONE;
  }

  private sized = false;

  private checkSize(dtype: Dtype): void {
    if (this.sized) return;
    this.sized = true;
    if (this.v1 && this.dims[1] === 0) {
      // Ncol == 0: the 1.6 receiver keeps the flat array.
      if (this.nbytes % dtype.itemsize !== 0) this.badSize(dtype, this.nbytes / dtype.itemsize);
      return;
    }
    let count = 1;
    for (const d of this.dims) count *= d;
    if (count * dtype.itemsize !== this.nbytes) this.badSize(dtype, count);
  }

  private badSize(dtype: Dtype, count: number): never {
    throw new LabwireError(
      PymodaqErrorCode.BAD_SIZE,
      `array of shape [${this.dims.join(', ')}] ${dtype.descr} needs ${count * dtype.itemsize} bytes, the field announces ${this.nbytes}`,
      { details: { shape: [...this.dims], dtype: dtype.descr, nbytes: this.nbytes } },
    );
  }

  private finalShape(dtype: Dtype): number[] {
    let shape = this.v1 && this.dims[1] === 0 ? [this.nbytes / dtype.itemsize] : this.dims;
    if (this.rule === 'squeeze') shape = shape.filter((d) => d !== 1);
    else if (shape.length === 0) shape = [1];
    return shape;
  }
}
