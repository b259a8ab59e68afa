/**
 * The naive local date-time of `graphchanged` (`YYYY-MM-DD|HH-MM`, the reference's
 * `strptime(s, "%Y-%m-%d|%H-%M")`). Naive: the instrument does not say its time zone, so the value
 * keeps the wall-clock fields and leaves the zone to the caller.
 */
export class IfcbTimestamp {
  constructor(
    readonly year: number,
    readonly month: number,
    readonly day: number,
    readonly hour: number,
    readonly minute: number,
  ) {}

  /** `YYYY-MM-DDTHH:MM:00`, the ISO text of a naive date-time. */
  get iso(): string {
    const p = (n: number, w = 2) => String(n).padStart(w, '0');
    return `${p(this.year, 4)}-${p(this.month)}-${p(this.day)}T${p(this.hour)}:${p(this.minute)}:00`;
  }

  /** The instant, reading the wall-clock fields in the given zone offset (minutes east of UTC; default UTC). */
  toEpochMs(offsetMinutes = 0): number {
    return Date.UTC(this.year, this.month - 1, this.day, this.hour, this.minute) - offsetMinutes * 60_000;
  }

  equals(other: IfcbTimestamp): boolean {
    return (
      this.year === other.year &&
      this.month === other.month &&
      this.day === other.day &&
      this.hour === other.hour &&
      this.minute === other.minute
    );
  }

  toJSON(): string {
    return this.iso;
  }

  toString(): string {
    return this.iso;
  }
}

// The alternatives of CPython's _strptime for %Y, %m, %d, %H and %M, ASCII digits only.
const LAYOUT =
  /^(\d{4})-(1[0-2]|0[1-9]|[1-9])-(3[01]|[12]\d|0[1-9]|[1-9]| [1-9])\|(2[0-3]|[01]\d|\d)-([0-5]\d|\d)$/;
const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysIn(year: number, month: number): number {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return month === 2 && leap ? 29 : DAYS[month - 1]!;
}

/** Parses `YYYY-MM-DD|HH-MM`; undefined when the layout or the date is invalid. */
export function parseTimestamp(text: string): IfcbTimestamp | undefined {
  const m = LAYOUT.exec(text);
  if (m === null) return undefined;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]!.trim());
  if (year < 1 || day > daysIn(year, month)) return undefined;
  return new IfcbTimestamp(year, month, day, Number(m[4]), Number(m[5]));
}

/** Writes a timestamp in the instrument's layout (zero-padded). */
export function formatTimestamp(t: IfcbTimestamp): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${String(t.year).padStart(4, '0')}-${p(t.month)}-${p(t.day)}|${p(t.hour)}-${p(t.minute)}`;
}
