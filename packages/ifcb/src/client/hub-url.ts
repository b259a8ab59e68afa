import { ErrorCode, LabwireError } from '@labwire/core';

/**
 * `@microsoft/signalr` in Node accepts only http(s) hub URLs, while pyifcbclient's README and
 * PhytO-ARM write `ws://host:8092/ifcbHub` (signalrcore negotiates over http on the same host).
 * Rewrites ws → http and wss → https; refuses anything else.
 */
export const DEFAULT_HUB_PORT = 8092;
export const DEFAULT_HUB_PATH = '/ifcbHub';

export function toHttpHubUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch (err) {
    throw new LabwireError(ErrorCode.INVALID_ARGUMENT, `not a hub URL: ${url}`, { cause: err });
  }
  const scheme = parsed.protocol;
  if (scheme === 'ws:' || scheme === 'wss:') {
    return `${scheme === 'ws:' ? 'http:' : 'https:'}${url.slice(scheme.length)}`;
  }
  if (scheme === 'http:' || scheme === 'https:') return url;
  throw new LabwireError(ErrorCode.INVALID_ARGUMENT, `hub URL must be ws, wss, http or https: ${url}`);
}
