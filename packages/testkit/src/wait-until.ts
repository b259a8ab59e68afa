/** How often `waitUntil` and `waitFor` look again, unless told otherwise. */
export const WAIT_POLL_MS = 10;

/**
 * Resolves with what `pick` returns once it returns something (it may be async; undefined,
 * null and false mean "not yet"), polling every `pollMs`; rejects with "timed out waiting for
 * <what>" after `timeoutMs`. Tests and contract peers wait on sockets and simulators this way,
 * bounded in time.
 */
export async function waitFor<T>(
  what: string,
  pick: () => T | undefined | null | false | Promise<T | undefined | null | false>,
  timeoutMs = 5_000,
  pollMs = WAIT_POLL_MS,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await pick();
    if (value !== undefined && value !== null && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, pollMs));
  }
}

/** `waitFor` a condition: resolves once `check` holds. */
export async function waitUntil(
  what: string,
  check: () => boolean | Promise<boolean>,
  timeoutMs = 5_000,
  pollMs = WAIT_POLL_MS,
): Promise<void> {
  await waitFor(what, check, timeoutMs, pollMs);
}
