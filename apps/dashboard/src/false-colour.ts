/**
 * Draws a 2-D numeric array as a false-colour image (a viridis-like map from the array's own
 * min..max), one canvas pixel per value; CSS scales the canvas up without smoothing.
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

export function drawFalseColour(canvas: HTMLCanvasElement, grid: Grid): void {
  const { values, width, height, min, max } = grid;
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
    const index = Number.isFinite(v) ? Math.round((v - min) * span) * 3 : 0;
    pixels[i * 4] = LUT[index]!;
    pixels[i * 4 + 1] = LUT[index + 1]!;
    pixels[i * 4 + 2] = LUT[index + 2]!;
    pixels[i * 4 + 3] = 255;
  }
  context.putImageData(image, 0, 0);
}
