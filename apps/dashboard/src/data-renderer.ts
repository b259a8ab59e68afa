import type { DataEvent } from '@labwire/client';
import { drawFalseColour } from './false-colour.js';
import { decodeFits, looksLikeFits } from './fits-image.js';
import { drawLinePlot } from './line-plot.js';
import { decodeNumeric, isNumericDtype } from './numeric-array.js';

export type Drawn = 'image' | 'plot' | 'none';

/** Which drawing a data event gets, decided from its format, dtype, shape and first bytes. */
export function classify(event: DataEvent): { draw: Drawn; how: string } {
  const bytes = event.payload;
  if (bytes === undefined) return { draw: 'none', how: 'no payload' };
  if (encodedImageType(event) !== undefined) return { draw: 'image', how: 'encoded image' };
  if (/^\.fits?$/i.test(event.format ?? '') || looksLikeFits(bytes)) return { draw: 'image', how: 'FITS' };
  if (isNumericDtype(event.dtype)) {
    const dims = event.shape.filter((d) => d > 1);
    return dims.length >= 2 ? { draw: 'image', how: 'false colour' } : { draw: 'plot', how: '1-D' };
  }
  if (rawFloatDtype(event) !== undefined) return { draw: 'plot', how: '1-D' };
  return { draw: 'none', how: `${event.byteLength} bytes` };
}

/**
 * Draws the event into the canvas. Encoded images decode asynchronously, so a newer frame may
 * start before an older one finished: `isCurrent` says whether this one is still wanted.
 */
export async function drawData(
  canvas: HTMLCanvasElement,
  event: DataEvent,
  isCurrent: () => boolean,
): Promise<Drawn> {
  const bytes = event.payload;
  const { draw, how } = classify(event);
  if (bytes === undefined || draw === 'none') return 'none';
  if (how === 'encoded image') {
    const type = encodedImageType(event)!;
    // Copy out of the frame: a Blob must not alias the socket's buffer views.
    const bitmap = await createImageBitmap(new Blob([bytes.slice()], { type }));
    if (!isCurrent()) return 'image';
    canvas.width = bitmap.width;
    canvas.height = bitmap.height;
    canvas.getContext('2d')?.drawImage(bitmap, 0, 0);
    bitmap.close();
    return 'image';
  }
  if (how === 'FITS') {
    const fits = decodeFits(bytes);
    if (fits === undefined) return 'none';
    if (fits.height === 1) drawLinePlot(canvas, { ...fits, unit: event.unit });
    else drawFalseColour(canvas, fits);
    return fits.height === 1 ? 'plot' : 'image';
  }
  const dtype = isNumericDtype(event.dtype) ? event.dtype : rawFloatDtype(event)!;
  const array = decodeNumeric(bytes, dtype);
  if (array === undefined) return 'none';
  if (draw === 'image') {
    const width = event.shape[event.shape.length - 1]!;
    const height = event.shape[event.shape.length - 2]!;
    drawFalseColour(canvas, { ...array, width, height });
  } else {
    drawLinePlot(canvas, { ...array, unit: event.unit });
  }
  return draw;
}

const IMAGE_FORMATS = /^image\/(png|jpeg|gif|webp|bmp)$/i;

function encodedImageType(event: DataEvent): string | undefined {
  const format = event.format ?? '';
  if (IMAGE_FORMATS.test(format)) return format.toLowerCase();
  const ext = /\.(png|jpe?g|gif|webp)$/i.exec(format)?.[1];
  if (ext !== undefined) return `image/${ext.toLowerCase() === 'jpg' ? 'jpeg' : ext.toLowerCase()}`;
  const b = event.payload;
  if (b !== undefined && b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47) return 'image/png';
  if (b !== undefined && b[0] === 0xff && b[1] === 0xd8) return 'image/jpeg';
  return undefined;
}

/**
 * Opaque payloads whose name says they are raw floats (IMB streams such as `spectrum-7.f64`):
 * little-endian, as the senders on those buses write them.
 */
function rawFloatDtype(event: DataEvent): string | undefined {
  const ext = /\.(f32|f64)$/i.exec(event.format ?? '')?.[1];
  return ext === undefined ? undefined : `<${ext.toLowerCase()[0]}${ext.slice(1) === '32' ? 4 : 8}`;
}
