import { compilePattern } from '@labwire/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TopicAcl, patternCovers, patternsOverlap } from './topic-acl.js';

const segment = fc.constantFrom('a', 'b', 'c');
const topic = fc.array(segment, { minLength: 1, maxLength: 4 }).map((s) => s.join('/'));
const pattern = fc
  .tuple(fc.array(fc.constantFrom('a', 'b', '+'), { minLength: 0, maxLength: 3 }), fc.boolean())
  .filter(([parts, hash]) => parts.length > 0 || hash)
  .map(([parts, hash]) => [...parts, ...(hash ? ['#'] : [])].join('/'));

describe('topic pattern algebra', () => {
  it('overlap is true whenever some topic matches both patterns', () => {
    fc.assert(
      fc.property(pattern, pattern, topic, (p, q, t) => {
        if (compilePattern(p).matches(t) && compilePattern(q).matches(t))
          expect(patternsOverlap(p, q)).toBe(true);
      }),
      { numRuns: 2_000 },
    );
  });

  it('cover means every topic of the inner pattern matches the outer one', () => {
    fc.assert(
      fc.property(pattern, pattern, topic, (outer, inner, t) => {
        if (patternCovers(outer, inner) && compilePattern(inner).matches(t))
          expect(compilePattern(outer).matches(t)).toBe(true);
      }),
      { numRuns: 2_000 },
    );
  });

  it('examples', () => {
    expect(patternsOverlap('a/#', 'a')).toBe(true);
    expect(patternsOverlap('a/+', 'b/#')).toBe(false);
    expect(patternCovers('a/#', 'a/b/+')).toBe(true);
    expect(patternCovers('a/+', 'a/#')).toBe(false);
  });
});

describe('TopicAcl', () => {
  it('allows by allow patterns minus deny patterns, and refuses subscriptions that can see nothing', () => {
    const acl = new TopicAcl(['indi/#', 'imb/+/status'], ['indi/secret/#']);
    expect(acl.permits('indi/ccd/exposure')).toBe(true);
    expect(acl.permits('indi/secret/key')).toBe(false);
    expect(acl.permits('imb/hub/status')).toBe(true);
    expect(acl.permits('imb/hub/other')).toBe(false);
    expect(acl.refuses('#')).toBe(false);
    expect(acl.refuses('zeiss/#')).toBe(true);
    expect(acl.refuses('indi/secret/+')).toBe(true);
    expect(acl.refuses('indi/+/+')).toBe(false);
  });
});
