import type { IncomingMessage } from 'node:http';
import { API_SUBPROTOCOL, BEARER_SUBPROTOCOL_PREFIX } from '@labwire/client';

export { API_SUBPROTOCOL };

/**
 * The bearer token of a request: the `Authorization: Bearer` header, or for WebSockets from
 * browsers (which cannot set headers) a `labwire.bearer.<token>` subprotocol.
 */
export function bearerToken(req: IncomingMessage): string | undefined {
  const header = req.headers.authorization;
  if (header !== undefined) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    return match?.[1] ?? '';
  }
  const protocols = req.headers['sec-websocket-protocol'];
  if (typeof protocols === 'string') {
    for (const p of protocols.split(',')) {
      const trimmed = p.trim();
      if (trimmed.startsWith(BEARER_SUBPROTOCOL_PREFIX))
        return trimmed.slice(BEARER_SUBPROTOCOL_PREFIX.length);
    }
  }
  return undefined;
}
