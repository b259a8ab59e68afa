/**
 * Topics join address segments `connector/device/property[/member]` with `/`. Inside a segment,
 * `%`, `/`, `+` and `#` are percent-encoded so that any device or property name round-trips
 * and can never be mistaken for a separator or a wildcard.
 */
const ENCODE = /[%/+#]/g;
const DECODE = /%(25|2F|2B|23)/gi;
const CHARS: Record<string, string> = { '%': '%25', '/': '%2F', '+': '%2B', '#': '%23' };
const BACK: Record<string, string> = { '25': '%', '2F': '/', '2B': '+', '23': '#' };

export function encodeSegment(segment: string): string {
  // Names rarely hold these characters: look before calling into the regular expression engine.
  for (let i = 0; i < segment.length; i++) {
    const c = segment.charCodeAt(i);
    if (c === 37 || c === 47 || c === 43 || c === 35) return segment.replace(ENCODE, (m) => CHARS[m]!);
  }
  return segment;
}

export function decodeSegment(segment: string): string {
  return segment.replace(DECODE, (_, hex: string) => BACK[hex.toUpperCase()]!);
}

/** Builds a topic from raw (unencoded) segments; empty trailing segments are dropped. */
export function topicOf(...segments: Array<string | undefined>): string {
  let end = segments.length;
  while (end > 0 && (segments[end - 1] === undefined || segments[end - 1] === '')) end -= 1;
  let out = '';
  for (let i = 0; i < end; i++) {
    if (i > 0) out += '/';
    out += encodeSegment(segments[i] ?? '');
  }
  return out;
}

export function parseTopic(topic: string): string[] {
  return topic.split('/').map(decodeSegment);
}

/** A compiled subscription pattern: `+` matches one segment, `#` (last only) zero or more. */
export interface TopicPattern {
  readonly source: string;
  matches(topic: string): boolean;
}

export function isValidPattern(pattern: string): boolean {
  const parts = pattern.split('/');
  return parts.every((p, i) =>
    p.includes('#') ? p === '#' && i === parts.length - 1 : !p.includes('+') || p === '+',
  );
}

export function compilePattern(pattern: string): TopicPattern {
  if (!isValidPattern(pattern)) {
    throw new TypeError(
      `invalid topic pattern "${pattern}": '+' must fill a segment and '#' must be the last one`,
    );
  }
  if (!pattern.includes('+') && !pattern.includes('#')) {
    return { source: pattern, matches: (topic) => topic === pattern };
  }
  const parts = pattern.split('/');
  const tail = parts[parts.length - 1] === '#';
  const fixed = tail ? parts.slice(0, -1) : parts;
  // `a/#` also matches `a` itself, as in MQTT.
  if (tail && fixed.every((p) => p !== '+')) {
    const prefix = fixed.join('/');
    if (prefix === '') return { source: pattern, matches: () => true };
    const withSlash = `${prefix}/`;
    return { source: pattern, matches: (topic) => topic === prefix || topic.startsWith(withSlash) };
  }
  return {
    source: pattern,
    matches(topic) {
      const segments = topic.split('/');
      if (tail ? segments.length < fixed.length : segments.length !== fixed.length) return false;
      for (let i = 0; i < fixed.length; i++) {
        const want = fixed[i]!;
        if (want !== '+' && want !== segments[i]) return false;
      }
      return true;
    },
  };
}
