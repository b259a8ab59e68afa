import type { BusEvent } from '@labwire/core';
import { describe, expect, it } from 'vitest';
import { dataFrameHeader, eventJson, eventsFrame } from './event-frames.js';

function message(seq: number, text: string): BusEvent {
  return { kind: 'message', seq, time: 1, connector: 'c', protocol: 'p', topic: 'c', text, severity: 'info' };
}

describe('event frames', () => {
  it('renders each event once and never confuses two events that share a cache slot', () => {
    const a = message(5, 'a');
    const b = message(5 + 4096, 'b');
    expect(JSON.parse(eventJson(a)).text).toBe('a');
    expect(JSON.parse(eventJson(b)).text).toBe('b');
    expect(JSON.parse(eventJson(a)).text).toBe('a');
    // A different object with the same seq (another gateway's bus in the same process).
    expect(JSON.parse(eventJson(message(5, 'c'))).text).toBe('c');
  });

  it('renders BigInt values as decimal strings instead of throwing', () => {
    const e = { ...message(1, 'x'), kind: 'raw', message: { big: 2n ** 64n } } as unknown as BusEvent;
    expect(JSON.parse(eventJson(e)).message.big).toBe('18446744073709551616');
  });

  it('leaves data payloads out of JSON and puts them after a length-prefixed header', () => {
    const payload = new Uint8Array([1, 2, 3]);
    const e: BusEvent = {
      kind: 'data',
      seq: 9,
      time: 1,
      connector: 'c',
      protocol: 'p',
      topic: 'c/d',
      device: 'd',
      dtype: '|u1',
      shape: [3],
      byteLength: 3,
      payload,
    };
    expect(eventJson(e)).not.toContain('payload');
    const header = dataFrameHeader(2, e);
    const json = JSON.parse(header.subarray(4).toString('utf8'));
    expect(header.readUInt32BE(0)).toBe(header.byteLength - 4);
    expect(json).toMatchObject({ type: 'event', sub: 2, event: { kind: 'data', byteLength: 3 } });
    expect(JSON.parse(eventsFrame(3, [eventJson(message(1, 'm'))]))).toMatchObject({
      type: 'events',
      sub: 3,
      events: [{ text: 'm' }],
    });
  });
});
