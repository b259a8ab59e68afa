import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { HandlerPattern } from '../codec/pattern-match.js';
import { patternMatches } from '../codec/pattern-match.js';
import { parseIfcbMessage } from '../codec/parse-message.js';
import { DISPATCH_CACHE_PER_KEY, HandlerRegistry } from './handler-registry.js';

const MESSAGES = [
  'valuechanged:pausestate:1',
  'valuechanged:pausestate:0',
  'valuechanged:setpmta:0.55',
  'triggerchanged:1021:saved:1000:21',
  'client:reset',
  'reportevent:a:b',
  'file:list',
  'triggerrois:0',
  'valuechanged:interactive:load:[{"a":1},{"b":2}]',
  'statuschanged:pump:on',
];
const ELEMENTS = fc.constantFrom<unknown>(
  null,
  'valuechanged',
  'pausestate',
  'setpmta',
  'triggerchanged',
  'client',
  'reset',
  'reportevent',
  'a:b',
  'file',
  'list',
  'triggerrois',
  'saved',
  1021,
  1,
  0,
  true,
  false,
  0.55,
  [],
  { a: 1 },
);

describe('HandlerRegistry', () => {
  it('the indexed dispatch calls exactly what trying every pattern in order would', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.array(ELEMENTS, { maxLength: 4 }),
            fc.constantFrom('valuechanged.pausestate', 'client.reset'),
          ),
          {
            maxLength: 30,
          },
        ),
        fc.constantFrom(...MESSAGES),
        (registrations, text) => {
          const calls: number[] = [];
          const registry = new HandlerRegistry(() => {});
          registrations.forEach((r, i) => {
            if (typeof r === 'string') registry.onKey(r as 'client.reset', () => calls.push(i));
            else registry.onPattern(r as HandlerPattern, () => calls.push(i));
          });
          registry.deliver(['s', 'host', 1, text]);
          const message = parseIfcbMessage(text);
          const expected =
            message.key === 'unknown'
              ? []
              : registrations.flatMap((r, i) =>
                  (
                    typeof r === 'string'
                      ? r === message.key
                      : patternMatches(r as HandlerPattern, message.fields)
                  )
                    ? [i]
                    : [],
                );
          expect(calls).toEqual(expected);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('off() removes a handler; a handler registered during a delivery waits for the next one', () => {
    const calls: string[] = [];
    const registry = new HandlerRegistry(() => {});
    const a = registry.onPattern(['client'], () => {
      calls.push('a');
      registry.onPattern([], () => calls.push('late'));
    });
    registry.deliver(['s', 'host', 1, 'client:reset']);
    expect(calls).toEqual(['a']);
    expect(registry.off(a)).toBe(true);
    expect(registry.off(a)).toBe(false);
    registry.deliver(['s', 'host', 2, 'client:reset']);
    expect(calls).toEqual(['a', 'late']);
  });

  it('free-text second fields past the per-key cache still dispatch exactly', () => {
    const hits: string[] = [];
    const registry = new HandlerRegistry(() => {});
    registry.onPattern(['movevalvestarted', 'v299'], (...f) => hits.push(String(f[2])));
    registry.onPattern(['movevalvestarted'], () => hits.push('any'));
    const n = DISPATCH_CACHE_PER_KEY + 50;
    for (let i = 0; i < n; i++) registry.deliver(['s', 'host', i, `movevalvestarted:v${i}:x${i}`]);
    expect(hits.filter((h) => h === 'any')).toHaveLength(n);
    expect(hits.filter((h) => h !== 'any')).toEqual(['x299']);
  });
});
