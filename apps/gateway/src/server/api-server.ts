import { readFileSync } from 'node:fs';
import { type IncomingMessage, type Server, createServer as createHttpServer } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { ErrorCode } from '@labwire/core';
import type { Logger } from 'pino';
import { WebSocketServer } from 'ws';
import type { Principal, TokenStore } from '../auth/tokens.js';
import type { ServerConfig } from '../config/schema.js';
import type { GatewayMetrics } from '../metrics/gateway-metrics.js';
import { API_SUBPROTOCOL, bearerToken } from './bearer.js';
import { type HttpContext, createHttpHandler } from './http-api.js';
import { type SessionContext, WsSession } from './ws-session.js';

/** The WebSocket endpoint's path. */
export const WS_PATH = '/ws';
/** Close code for a refused token (as graphql-ws and others use 4401/4403). */
export const CLOSE_UNAUTHORIZED = 4401;

export interface ApiServerOptions {
  server: ServerConfig;
  http: HttpContext;
  session: SessionContext;
  tokens: () => TokenStore;
  metrics: GatewayMetrics;
  logger: Logger;
}

/** HTTP(S) and WebSocket on one port. */
export class ApiServer {
  readonly sessions = new Set<WsSession>();
  private readonly httpServer: Server;
  private readonly wss: WebSocketServer;

  constructor(private readonly options: ApiServerOptions) {
    const { server } = options;
    const handler = createHttpHandler(options.http);
    this.httpServer =
      server.tls === undefined
        ? createHttpServer(handler)
        : createHttpsServer(
            {
              cert: readFileSync(server.tls.cert),
              key: readFileSync(server.tls.key),
              ...(server.tls.ca === undefined ? {} : { ca: readFileSync(server.tls.ca) }),
            },
            handler,
          );
    this.httpServer.headersTimeout = 10_000;
    this.httpServer.requestTimeout = 60_000;
    this.wss = new WebSocketServer({
      noServer: true,
      maxPayload: server.maxMessageBytes,
      perMessageDeflate: false,
      handleProtocols: (protocols) => (protocols.has(API_SUBPROTOCOL) ? API_SUBPROTOCOL : false),
    });
    this.httpServer.on('upgrade', (req, socket, head) => this.upgrade(req, socket, head));
  }

  get scheme(): { http: string; ws: string } {
    return this.options.server.tls === undefined ? { http: 'http', ws: 'ws' } : { http: 'https', ws: 'wss' };
  }

  listen(): Promise<{ host: string; port: number }> {
    const { host, port } = this.options.server;
    return new Promise((resolve, reject) => {
      this.httpServer.once('error', reject);
      this.httpServer.listen(port, host, () => {
        this.httpServer.off('error', reject);
        const address = this.httpServer.address() as AddressInfo;
        resolve({ host: address.address, port: address.port });
      });
    });
  }

  /** Closes every session after letting its buffered events leave, then the listener. */
  async close(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.httpServer.close(() => resolve()));
    await Promise.all([...this.sessions].map((s) => s.shutdown()));
    this.wss.close();
    this.httpServer.closeAllConnections();
    await closed;
  }

  /** Tokens changed (hot reload): sessions whose token is gone are closed, the others get the new role. */
  reauthorize(tokens: TokenStore): void {
    for (const session of this.sessions) {
      const principal =
        session.token === undefined ? tokens.authenticate(undefined) : tokens.authenticate(session.token);
      if (principal === undefined) session.close(CLOSE_UNAUTHORIZED, 'UNAUTHORIZED: token revoked');
      else session.principal = principal;
    }
  }

  private upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(req.url ?? '/', 'http://gateway');
    if (url.pathname !== WS_PATH) {
      socket.end('HTTP/1.1 404 Not Found\r\nconnection: close\r\ncontent-length: 0\r\n\r\n');
      return;
    }
    const token = bearerToken(req);
    const principal: Principal | undefined = this.options.tokens().authenticate(token);
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      if (principal === undefined) {
        // Accept, then refuse with a coded close: browsers cannot read a 401 on an upgrade.
        this.options.metrics.rejections.inc({ reason: 'unauthorized' });
        ws.send(
          JSON.stringify({
            type: 'error',
            error: { code: ErrorCode.UNAUTHORIZED, message: 'a valid bearer token is required' },
          }),
        );
        ws.close(CLOSE_UNAUTHORIZED, 'UNAUTHORIZED');
        return;
      }
      const session = new WsSession(ws, principal, this.options.session, token);
      this.sessions.add(session);
      ws.on('close', () => this.sessions.delete(session));
    });
  }
}
