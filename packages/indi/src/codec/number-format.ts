import { printfNumber } from './printf.js';

/**
 * INDI numberFormat (protocol reference 7.2): `%<w>.<f>m` is sexagesimal (libindi `fs_sexa`),
 * anything else is a C printf conversion. `%.<f>m` without a width is formatted sexagesimal
 * without padding (libindi hands it to printf, which prints strerror: a reference bug).
 */
const SEXA = /^%([-+ #0]*)(\d+)?\.(\d+)m$/;

function fracbaseFor(f: number): number {
  switch (f) {
    case 9:
      return 360000;
    case 8:
      return 36000;
    case 6:
      return 3600;
    case 5:
      return 600;
    default:
      return 60;
  }
}

const two = (n: number): string => (n < 10 ? `0${n}` : String(n));

/** libindi `fs_sexa(value, w, fracbase)`; `w` undefined means no padding. */
export function formatSexagesimal(value: number, wholeWidth: number | undefined, fracbase: number): string {
  const negative = value < 0;
  const a = Math.abs(value);
  const n = Math.floor(a * fracbase + 0.5);
  const d = Math.floor(n / fracbase);
  const r = n % fracbase;
  let whole: string;
  if (negative && d === 0) whole = '-0'.padStart(Math.max(2, wholeWidth ?? 0), ' ');
  else whole = String(negative ? -d : d).padStart(wholeWidth ?? 0, ' ');
  switch (fracbase) {
    case 60:
      return `${whole}:${two(r)}`;
    case 600:
      return `${whole}:${two(Math.floor(r / 10))}.${r % 10}`;
    case 3600:
      return `${whole}:${two(Math.floor(r / 60))}:${two(r % 60)}`;
    case 36000:
      return `${whole}:${two(Math.floor(r / 600))}:${two(Math.floor((r % 600) / 10))}.${r % 10}`;
    default:
      return `${whole}:${two(Math.floor(r / 6000))}:${two(Math.floor((r % 6000) / 100))}.${two(r % 100)}`;
  }
}

/**
 * Formats a number for display with an INDI `format`. Formats that are neither sexagesimal nor
 * a printf conversion for a double fall back to `%g`.
 */
export function formatIndiNumber(format: string, value: number): string {
  const sexa = SEXA.exec(format);
  if (sexa !== null) {
    const f = Number(sexa[3]);
    const w = sexa[2] === undefined ? undefined : Number(sexa[2]);
    if (!Number.isFinite(value)) return printfNumber('%g', value)!;
    return formatSexagesimal(value, w === undefined ? undefined : w - f, fracbaseFor(f));
  }
  return printfNumber(format, value) ?? printfNumber('%g', value)!;
}

/** `%.20g`, the layout libindi 1.9.9 uses for numbers on the wire (`0.1` → `0.10000000000000000555`). */
export function formatWireNumber(value: number): string {
  return printfNumber('%.20g', value)!;
}
