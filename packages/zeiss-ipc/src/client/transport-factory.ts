import { ErrorCode, LabwireError, TcpTransport, type TransportFactory, WsTransport } from '@labwire/core';
import type { ZeissDialect } from '../codec/dialects.js';

export interface UrlTransportOptions {
  connectTimeoutMs: number;
  maxReplyBytes: number;
  /** How long a legacy-tcp connection may stay half-closed waiting for the reply. */
  replyGraceMs: number;
}

/**
 * Transports for a URL: `ws://host:port[/path]` for the WebSocket dialects, `tcp://host:port`
 * for legacy-tcp (a fresh connection per request). Tests pass their own factory instead.
 */
export function transportForUrl(
  url: string,
  dialect: ZeissDialect,
  options: UrlTransportOptions,
): TransportFactory {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch (err) {
    throw new LabwireError(ErrorCode.INVALID_ARGUMENT, `not a URL: ${url}`, { cause: err });
  }
  if (dialect.transport === 'tcp') {
    if (parsed.protocol !== 'tcp:')
      throw new LabwireError(ErrorCode.INVALID_ARGUMENT, `legacy-tcp needs a tcp:// URL, got ${url}`);
    const host = parsed.hostname.replace(/^\[|\]$/g, '');
    const port = parsed.port === '' ? dialect.defaultPort : Number(parsed.port);
    return () =>
      new TcpTransport({
        host,
        port,
        connectTimeoutMs: options.connectTimeoutMs,
        closeGraceMs: options.replyGraceMs,
      });
  }
  if (parsed.protocol !== 'ws:' && parsed.protocol !== 'wss:') {
    throw new LabwireError(ErrorCode.INVALID_ARGUMENT, `${dialect.id} needs a ws:// URL, got ${url}`);
  }
  return () =>
    new WsTransport({ url, connectTimeoutMs: options.connectTimeoutMs, maxPayload: options.maxReplyBytes });
}
