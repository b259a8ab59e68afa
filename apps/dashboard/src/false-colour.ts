/**
 * Draws a 2-D numeric array as a false-colour image (a viridis-like map over the array's own
 * range), one canvas pixel per value; CSS scales the canvas up without smoothing.
 */

// Viridis anchor colours at 0, .25, .5, .75, 1; the lookup table interpolates between them.
const ANCHORS: Array<[number, number, number]> = [
  [68, 1, 84],
  [59, 82, 139],
  [33, 145, 140],
  [94, 201, 98],
  [253, 231, 37],
];

const LUT = buildLut();

function buildLut(): Uint8ClampedArray {
  const lut = new Uint8ClampedArray(256 * 3);
  for (let i = 0; i < 256; i++) {
    const position = (i / 255) * (ANCHORS.length - 1);
    const low = Math.min(Math.floor(position), ANCHORS.length - 2);
    const t = position - low;
    for (let c = 0; c < 3; c++) {
      lut[i * 3 + c] = ANCHORS[low]![c]! * (1 - t) + ANCHORS[low + 1]![c]! * t;
    }
  }
  return lut;
}

export interface Grid {
  values: ArrayLike<number>;
  width: number;
  height: number;
  min: number;
  max: number;
}

/** Values sampled to find the display range: enough for stable percentiles, cheap for big frames. */
const RANGE_SAMPLES = 20_000;
/** Share of the darkest and brightest samples left out of the range (hot pixels, a few stars). */
const CLIP = 0.005;

/**
 * The display range: the 0.5 % and 99.5 % percentiles of a sample, so a few saturated pixels do
 * not leave the rest of a camera frame one flat colour. Falls back to min..max when that is flat.
 */
export function displayRange(grid: Grid): { low: number; high: number } {
  const { values, min, max } = grid;
  const step = Math.max(1, Math.floor(values.length / RANGE_SAMPLES));
  const sample: number[] = [];
  for (let i = 0; i < values.length; i += step) if (Number.isFinite(values[i]!)) sample.push(values[i]!);
  if (sample.length === 0) return { low: min, high: max };
  sample.sort((a, b) => a - b);
  const low = sample[Math.floor(CLIP * (sample.length - 1))]!;
  const high = sample[Math.ceil((1 - CLIP) * (sample.length - 1))]!;
  return high > low ? { low, high } : { low: min, high: max };
}

export function drawFalseColour(canvas: HTMLCanvasElement, grid: Grid): void {
  const { values, width, height } = grid;
  const { low: min, high: max } = displayRange(grid);
  if (canvas.width !== width) canvas.width = width;
  if (canvas.height !== height) canvas.height = height;
  const context = canvas.getContext('2d');
  if (context === null) return;
  const image = context.createImageData(width, height);
  const pixels = image.data;
  const span = max > min ? 255 / (max - min) : 0;
  const count = Math.min(values.length, width * height);
  for (let i = 0; i < count; i++) {
    const v = values[i]!;
    const level = Number.isFinite(v) ? Math.round((v - min) * span) : 0;
    const index = Math.min(255, Math.max(0, level)) * 3;
    pixels[i * 4] = LUT[index]!;
    pixels[i * 4 + 1] = LUT[index + 1]!;
    pixels[i * 4 + 2] = LUT[index + 2]!;
    pixels[i * 4 + 3] = 255;
  }
  context.putImageData(image, 0, 0);
}
