/** A 1-D array as a line on a canvas, with its y range and point count written in the corners. */
export interface Series {
  values: ArrayLike<number>;
  min: number;
  max: number;
  unit?: string | undefined;
}

const WIDTH = 320;
const HEIGHT = 160;
const PAD = 14;

export function drawLinePlot(canvas: HTMLCanvasElement, series: Series): void {
  if (canvas.width !== WIDTH) canvas.width = WIDTH;
  if (canvas.height !== HEIGHT) canvas.height = HEIGHT;
  const context = canvas.getContext('2d');
  if (context === null) return;
  const { values, min, max } = series;
  context.fillStyle = '#10141a';
  context.fillRect(0, 0, WIDTH, HEIGHT);
  context.strokeStyle = '#2a3340';
  context.strokeRect(PAD, PAD, WIDTH - 2 * PAD, HEIGHT - 2 * PAD);
  const n = values.length;
  if (n === 0) return;
  const span = max > min ? max - min : 1;
  const x = (i: number) => PAD + (n === 1 ? 0.5 : i / (n - 1)) * (WIDTH - 2 * PAD);
  const y = (v: number) => HEIGHT - PAD - ((v - min) / span) * (HEIGHT - 2 * PAD);
  context.strokeStyle = '#5ec962';
  context.lineWidth = 1.5;
  context.beginPath();
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    if (i === 0) context.moveTo(x(i), y(v));
    else context.lineTo(x(i), y(v));
  }
  context.stroke();
  context.fillStyle = '#9aa7b5';
  context.font = '10px system-ui, sans-serif';
  const unit = series.unit ? ` ${series.unit}` : '';
  context.fillText(`${format(max)}${unit}`, PAD + 2, PAD - 3);
  context.fillText(`${format(min)}${unit}`, PAD + 2, HEIGHT - 3);
  context.fillText(`${n} points`, WIDTH - PAD - 52, HEIGHT - 3);
}

function format(v: number): string {
  return Number.isInteger(v) ? String(v) : v.toPrecision(4);
}
