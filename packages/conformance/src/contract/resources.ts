/**
 * Active handles as Node reports them, to check that `stop()` releases every socket and
 * timer (checked, not assumed). Counts by resource type: TCPSocketWrap, Timeout, …
 */
export function activeResources(): Map<string, number> {
  const counts = new Map<string, number>();
  for (const type of process.getActiveResourcesInfo()) counts.set(type, (counts.get(type) ?? 0) + 1);
  return counts;
}

const TRACKED = ['TCPSocketWrap', 'TCPServerWrap', 'Timeout', 'Immediate'];

/** What grew between two snapshots, among sockets, servers and timers. */
export function leaked(before: Map<string, number>, after: Map<string, number>): string[] {
  const out: string[] = [];
  for (const type of TRACKED) {
    const grew = (after.get(type) ?? 0) - (before.get(type) ?? 0);
    if (grew > 0) out.push(`${grew} × ${type}`);
  }
  return out;
}

/** Waits (bounded) for the resources to fall back to `before`; returns what is still open. */
export async function waitForRelease(before: Map<string, number>, timeoutMs = 2000): Promise<string[]> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const left = leaked(before, activeResources());
    if (left.length === 0 || Date.now() > until) return left;
    await new Promise((r) => setTimeout(r, 20).unref());
  }
}
