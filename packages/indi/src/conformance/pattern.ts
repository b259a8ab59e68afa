/**
 * The session `match` rule: every field the pattern names is present and equal (numbers by
 * value, NaN equal to NaN); a `members` pattern list needs each entry to match some member.
 */
export function matchesPattern(message: Record<string, unknown>, pattern: Record<string, unknown>): boolean {
  for (const [key, want] of Object.entries(pattern)) {
    const got = message[key];
    if (key === 'members' && Array.isArray(want)) {
      if (!Array.isArray(got)) return false;
      for (const memberPattern of want) {
        if (
          !got.some((m) =>
            matchesPattern(m as Record<string, unknown>, memberPattern as Record<string, unknown>),
          )
        )
          return false;
      }
      continue;
    }
    if (!sameValue(want, got)) return false;
  }
  return true;
}

function sameValue(want: unknown, got: unknown): boolean {
  if (typeof want === 'number') {
    return typeof got === 'number' && (want === got || (Number.isNaN(want) && Number.isNaN(got)));
  }
  if (want !== null && typeof want === 'object') {
    if (got === null || typeof got !== 'object') return false;
    return matchesPattern(got as Record<string, unknown>, want as Record<string, unknown>);
  }
  return want === got;
}
