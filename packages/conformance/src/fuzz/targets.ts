import type { FuzzTarget } from './target.js';

/**
 * The decoders of the protocol packages, each fed random bytes and mutations of the real wire
 * bytes in the visible vectors. Each protocol's target is added as its package lands.
 */
export async function fuzzTargets(): Promise<FuzzTarget[]> {
  return [];
}
