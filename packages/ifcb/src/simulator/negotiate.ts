import { randomBytes } from 'node:crypto';

/**
 * The negotiate answer of an ASP.NET Core SignalR hub (shared/protocols/ifcb.md 4.1): version
 * min(requested, 1), fresh ids, WebSockets offered with Text and Binary. Unknown query
 * parameters (a stale `id` from signalrcore) are ignored.
 */
export interface NegotiateAnswer {
  negotiateVersion: number;
  connectionId: string;
  connectionToken?: string;
  availableTransports: Array<{ transport: string; transferFormats: string[] }>;
}

/** 22 characters of URL-safe base64, like ASP.NET Core's ids. */
export function newConnectionId(): string {
  return randomBytes(16).toString('base64url');
}

export function negotiateAnswer(query: URLSearchParams): NegotiateAnswer {
  const requested = Number.parseInt(query.get('negotiateVersion') ?? '0', 10);
  const version = Number.isFinite(requested) && requested >= 1 ? 1 : 0;
  const transports = [{ transport: 'WebSockets', transferFormats: ['Text', 'Binary'] }];
  return version === 1
    ? {
        negotiateVersion: 1,
        connectionId: newConnectionId(),
        connectionToken: newConnectionId(),
        availableTransports: transports,
      }
    : { negotiateVersion: 0, connectionId: newConnectionId(), availableTransports: transports };
}
