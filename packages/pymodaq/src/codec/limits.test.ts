import { ErrorCode, type LabwireError } from '@labwire/core';
import { describe, expect, it } from 'vitest';
import { encodeMessage } from './encode.js';
import { MessageDecoder } from './message-decoder.js';
import { ValueDecoder } from './value-decoder.js';

function errorsOf(
  write: (d: { write(b: Uint8Array): void }) => void,
  make: (sink: { message(): void; error(e: LabwireError): void }) => { write(b: Uint8Array): void },
) {
  const errors: LabwireError[] = [];
  const decoder = make({ message: () => {}, error: (e) => errors.push(e) });
  write(decoder);
  return errors;
}

describe('limits', () => {
  it('refuses a length field above maxLength as soon as it is read', () => {
    const errors = errorsOf(
      (d) => d.write(Uint8Array.of(0, 0x10, 0, 1)),
      (sink) => new ValueDecoder(sink, { dialect: 'v4', as: 'string', maxLength: 1 << 20 }),
    );
    expect(errors.map((e) => e.code)).toEqual([ErrorCode.LIMIT_EXCEEDED]);
  });

  it('refuses a message whose fields add up beyond maxMessageBytes', () => {
    const labels = Array.from({ length: 20 }, (_, i) => ({
      type: 'string' as const,
      value: `label-${i}`.padEnd(100, '.'),
    }));
    const bytes = encodeMessage('v4', 'Info_xml', [
      { type: 'list', items: labels },
      { type: 'string', value: '' },
    ]);
    const errors = errorsOf(
      (d) => d.write(bytes),
      (sink) =>
        new MessageDecoder(sink, { dialect: 'v4', side: 'server', maxLength: 1000, maxMessageBytes: 1000 }),
    );
    expect(errors.map((e) => e.code)).toEqual([ErrorCode.LIMIT_EXCEEDED]);
    const fine = errorsOf(
      (d) => d.write(bytes),
      (sink) =>
        new MessageDecoder(sink, { dialect: 'v4', side: 'server', maxLength: 1000, maxMessageBytes: 4000 }),
    );
    expect(fine).toEqual([]);
  });

  it('bounds a hostile ndim', () => {
    const errors = errorsOf(
      (d) => d.write(new Uint8Array(Buffer.from('000000033c663800000008ffffffff', 'hex'))),
      (sink) => new ValueDecoder(sink, { dialect: 'v4', as: 'array' }),
    );
    expect(errors.map((e) => e.code)).toEqual(['PYMODAQ_BAD_SIZE']);
  });
});
