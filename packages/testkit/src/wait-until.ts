/** How often `waitUntil` looks again, unless told otherwise. */
export const WAIT_POLL_MS = 10;

/**
 * Resolves once `check` holds (it may be async), polling every `pollMs`; rejects with
 * "timed out waiting for <what>" after `timeoutMs`. Tests and contract peers wait on sockets
 * and simulators this way, bounded in time.
 */
export async function waitUntil(
  what: string,
  check: () => boolean | Promise<boolean>,
  timeoutMs = 5_000,
  pollMs = WAIT_POLL_MS,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, pollMs));
  }
}
