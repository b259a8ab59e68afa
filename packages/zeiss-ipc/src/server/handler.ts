import type { ZeissDialect } from '../codec/dialects.js';
import type { PyValue } from '../python/index.js';

/** What a request handler knows about the request it answers. */
export interface ZeissRequestContext {
  /** Connection number on this server (1, 2, ...). */
  connection: number;
  /** The raw text of the request as received. */
  text: string;
  dialect: ZeissDialect;
  /** Aborted when the connection closes or the server stops. */
  signal: AbortSignal;
}

/**
 * Answers one parsed request with the reply text. Throwing is the reference server's crash: the
 * connection closes with 1011 and no reply (legacy-tcp: the connection drops and the server
 * stops). Handlers that want error replies return `Error: ...` (see `createCommandRouter`).
 */
export type ZeissRequestHandler = (
  message: PyValue,
  context: ZeissRequestContext,
) => string | Promise<string>;
