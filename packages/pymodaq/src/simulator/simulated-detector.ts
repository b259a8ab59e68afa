import { parseDtype } from '../codec/dtype.js';
import { dataViewOf, writeElement } from '../codec/elements.js';
import type { NdArray } from '../codec/values.js';
import type { Detector, GrabRequest } from '../session/instrument.js';

export interface SimulatedDetectorOptions {
  /** Frame shape, e.g. [480, 640] (default [64, 64]); [] or [1] is a 0-D detector, [n] a 1-D one. */
  shape?: number[];
  /** numpy dtype of the frames (default `<u2`). */
  dtype?: string;
  /** Name of the data it returns (default `detector`). */
  name?: string;
  /** Time a grab takes, like an exposure (default 0). */
  exposureMs?: number;
}

/**
 * A detector producing frames of a chosen shape and dtype: a bright spot that circles the
 * frame over a gradient background, so successive frames differ (live data in demos). Usable
 * behind our TcpClient (served to a PyMoDAQ dashboard) or directly.
 */
export class SimulatedDetector implements Detector {
  readonly name: string;
  readonly shape: number[];
  readonly dtype: string;
  exposureMs: number;
  frames = 0;

  constructor(options: SimulatedDetectorOptions = {}) {
    this.shape = options.shape ?? [64, 64];
    this.dtype = options.dtype ?? '<u2';
    this.name = options.name ?? 'detector';
    this.exposureMs = options.exposureMs ?? 0;
    parseDtype(this.dtype);
  }

  async grab(request?: Partial<GrabRequest>): Promise<NdArray> {
    if (this.exposureMs > 0) {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(resolve, this.exposureMs);
        request?.signal?.addEventListener('abort', () => {
          clearTimeout(timer);
          reject(request.signal!.reason);
        });
      });
    }
    return this.frame();
  }

  /** The next frame, synchronously. */
  frame(): NdArray {
    const dtype = parseDtype(this.dtype);
    const rows = this.shape.length >= 2 ? this.shape[this.shape.length - 2]! : 1;
    const cols = this.shape.length >= 1 ? this.shape[this.shape.length - 1]! : 1;
    const planes = this.shape.slice(0, -2).reduce((a, b) => a * b, 1);
    const count = planes * rows * cols;
    const bytes = new Uint8Array(count * dtype.itemsize);
    const phase = (this.frames++ * Math.PI) / 30;
    const cx = (cols - 1) / 2 + (Math.cos(phase) * cols) / 4;
    const cy = (rows - 1) / 2 + (Math.sin(phase) * rows) / 4;
    const sigma2 = Math.max(1, (Math.min(rows, cols) / 8) ** 2);
    const peak =
      dtype.kind === 'f' || dtype.kind === 'c'
        ? 1
        : dtype.kind === 'b'
          ? 1
          : 2 ** (8 * dtype.itemsize - (dtype.kind === 'i' ? 2 : 1)) - 1;
    const fast = this.dtype === '<u2' ? new Uint16Array(bytes.buffer) : undefined;
    const view = fast === undefined ? dataViewOf(bytes) : undefined;
    let i = 0;
    for (let p = 0; p < planes; p++) {
      for (let y = 0; y < rows; y++) {
        const dy2 = (y - cy) ** 2;
        for (let x = 0; x < cols; x++, i++) {
          const spot = Math.exp(-((x - cx) ** 2 + dy2) / (2 * sigma2));
          const level = (0.1 * (x + y)) / (rows + cols) + 0.8 * spot;
          const value =
            dtype.kind === 'f' || dtype.kind === 'c'
              ? level
              : dtype.kind === 'b'
                ? level > 0.5
                : Math.round(level * peak);
          if (fast !== undefined) fast[i] = value as number;
          else writeElement(view!, dtype, i, value);
        }
      }
    }
    return { type: 'array', dtype: this.dtype, shape: [...this.shape], bytes };
  }
}
