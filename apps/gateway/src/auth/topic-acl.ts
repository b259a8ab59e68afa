import { type TopicPattern, compilePattern } from '@labwire/core';

const CACHE_LIMIT = 10_000;

/** Can some topic match both patterns? Segment by segment: `#` swallows the rest, `+` any one. */
export function patternsOverlap(a: string, b: string): boolean {
  const x = a.split('/');
  const y = b.split('/');
  for (let i = 0; ; i++) {
    const s = x[i];
    const t = y[i];
    if (s === '#' || t === '#') return true;
    if (s === undefined || t === undefined) {
      // `a/#` also matches `a`: a shorter pattern overlaps if the other continues with `#` only.
      return s === undefined && t === undefined;
    }
    if (s !== '+' && t !== '+' && s !== t) return false;
  }
}

/** Does every topic `inner` matches also match `outer`? */
export function patternCovers(outer: string, inner: string): boolean {
  const o = outer.split('/');
  const n = inner.split('/');
  for (let i = 0; ; i++) {
    const s = o[i];
    const t = n[i];
    if (s === '#') return true;
    if (s === undefined || t === undefined) return s === undefined && t === undefined;
    if (t === '#') return false;
    if (s === '+') continue;
    if (t === '+' || s !== t) return false;
  }
}

/**
 * A token's topic permissions: a topic is visible (and commandable, with the write role) when
 * an `allow` pattern matches it and no `deny` pattern does. Answers are cached per topic, since
 * every event crosses this check on its way to a subscriber.
 */
export class TopicAcl {
  readonly unrestricted: boolean;
  private readonly allow: TopicPattern[];
  private readonly deny: TopicPattern[];
  private readonly cache = new Map<string, boolean>();

  constructor(
    readonly allowPatterns: readonly string[],
    readonly denyPatterns: readonly string[],
  ) {
    this.allow = allowPatterns.map(compilePattern);
    this.deny = denyPatterns.map(compilePattern);
    this.unrestricted = denyPatterns.length === 0 && allowPatterns.includes('#');
  }

  permits(topic: string): boolean {
    if (this.unrestricted) return true;
    let ok = this.cache.get(topic);
    if (ok === undefined) {
      ok = this.allow.some((p) => p.matches(topic)) && !this.deny.some((p) => p.matches(topic));
      if (this.cache.size >= CACHE_LIMIT) this.cache.clear();
      this.cache.set(topic, ok);
    }
    return ok;
  }

  /**
   * A subscription pattern is refused when it can see nothing: it overlaps no allow pattern,
   * or a deny pattern covers all of it. Partly visible patterns are accepted and filtered per event.
   */
  refuses(pattern: string): boolean {
    if (this.unrestricted) return false;
    if (!this.allowPatterns.some((a) => patternsOverlap(a, pattern))) return true;
    return this.denyPatterns.some((d) => patternCovers(d, pattern));
  }
}
