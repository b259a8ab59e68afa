import { describe, expect, it } from 'vitest';
import { displayRange } from './false-colour.js';

describe('displayRange', () => {
  it('leaves a few hot pixels out, so the rest of the frame keeps its contrast', () => {
    const values = new Float64Array(10_000).map((_, i) => 1000 + (i % 100));
    values[5] = 65535;
    values[6] = 65535;
    const range = displayRange({ values, width: 100, height: 100, min: 1000, max: 65535 });
    expect(range.low).toBe(1000);
    expect(range.high).toBe(1099);
  });

  it('falls back to min..max when the percentiles meet (a mostly flat frame)', () => {
    const values = new Float64Array(1000).fill(7);
    values[0] = 9;
    expect(displayRange({ values, width: 1000, height: 1, min: 7, max: 9 })).toEqual({ low: 7, high: 9 });
  });
});
