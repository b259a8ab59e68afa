import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  compilePattern,
  decodeSegment,
  encodeSegment,
  isValidPattern,
  parseTopic,
  topicOf,
} from './topic.js';

describe('topics', () => {
  it('percent-encodes separators and wildcards inside segments', () => {
    expect(topicOf('indi', 'CCD Simulator', 'CCD1')).toBe('indi/CCD Simulator/CCD1');
    expect(topicOf('a/b', 'c+d', 'e#f', '50%')).toBe('a%2Fb/c%2Bd/e%23f/50%25');
    expect(parseTopic('a%2Fb/c%2Bd/e%23f/50%25')).toEqual(['a/b', 'c+d', 'e#f', '50%']);
    expect(topicOf('c', 'd', undefined)).toBe('c/d');
  });

  it('round-trips any segment text', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        expect(decodeSegment(encodeSegment(s))).toBe(s);
        expect(encodeSegment(s)).not.toMatch(/[/+#]/);
      }),
    );
  });

  it('matches + as one segment and # as the rest (including the parent)', () => {
    const cases: Array<[string, string, boolean]> = [
      ['a/b/c', 'a/b/c', true],
      ['a/b/c', 'a/b', false],
      ['a/+/c', 'a/x/c', true],
      ['a/+/c', 'a/x/y/c', false],
      ['a/+', 'a', false],
      ['a/#', 'a', true],
      ['a/#', 'a/b/c/d', true],
      ['a/#', 'ab/c', false],
      ['#', 'anything/at/all', true],
      ['+/+/p', 'c/d/p', true],
      ['+/+/p', 'c/d/q', false],
      ['a/+/#', 'a/b', true],
      ['a/+/#', 'a', false],
      ['+/d/#', 'c/d/p/m', true],
      ['a/b%2Fc/+', 'a/b%2Fc/x', true],
    ];
    for (const [pattern, topic, expected] of cases) {
      expect(compilePattern(pattern).matches(topic), `${pattern} vs ${topic}`).toBe(expected);
    }
  });

  it('rejects wildcards that do not fill a segment or # before the end', () => {
    for (const bad of ['a/#/b', 'a+/b', 'a/b#', '##']) {
      expect(isValidPattern(bad)).toBe(false);
      expect(() => compilePattern(bad)).toThrow(TypeError);
    }
  });

  it('never lets an encoded name act as a wildcard', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), fc.string({ minLength: 1 }), (dev, prop) => {
        const topic = topicOf('c', dev, prop);
        expect(compilePattern('c/+/+').matches(topic)).toBe(true);
        expect(compilePattern(topicOf('c', dev, prop)).matches(topic)).toBe(true);
      }),
    );
  });
});
