import type { DataEvent } from '@labwire/client';
import { describe, expect, it } from 'vitest';
import { classify } from './data-renderer.js';

function data(fields: Partial<DataEvent>, payload = new Uint8Array(16)): DataEvent {
  return {
    kind: 'data',
    seq: 1,
    time: 0,
    connector: 'c',
    protocol: 'p',
    topic: 'c/d/p',
    device: 'd',
    dtype: 'bytes',
    shape: [payload.byteLength],
    byteLength: payload.byteLength,
    payload,
    ...fields,
  };
}

describe('classify (which drawing a data event gets)', () => {
  it('draws numeric 2-D arrays in false colour and 1-D ones (or N×1) as plots', () => {
    expect(classify(data({ dtype: '<u2', shape: [64, 64] }))).toEqual({ draw: 'image', how: 'false colour' });
    expect(classify(data({ dtype: '>f8', shape: [1, 512] }))).toEqual({ draw: 'plot', how: '1-D' });
    expect(classify(data({ dtype: '<f4', shape: [100] }))).toEqual({ draw: 'plot', how: '1-D' });
  });

  it('decodes encoded images by format or by their magic bytes', () => {
    expect(classify(data({ format: 'image/png' })).how).toBe('encoded image');
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(classify(data({}, png)).how).toBe('encoded image');
  });

  it('reads FITS BLOBs and raw float streams named *.f64, and leaves other bytes alone', () => {
    expect(classify(data({ format: '.fits' })).how).toBe('FITS');
    expect(classify(data({ format: 'spectrum-12.f64' }))).toEqual({ draw: 'plot', how: '1-D' });
    expect(classify(data({ format: '.bin' })).draw).toBe('none');
    expect(classify(data({ payload: undefined })).draw).toBe('none');
  });
});
