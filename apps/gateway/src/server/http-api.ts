import type { IncomingMessage, ServerResponse } from 'node:http';
import { ErrorCode, LabwireError, toLabwireError } from '@labwire/core';
import type { Logger } from 'pino';
import { type Principal, hasRole } from '../auth/tokens.js';
import type { TokenStore } from '../auth/tokens.js';
import type { Role } from '../config/schema.js';
import type { ConnectorManager } from '../connectors/connector-manager.js';
import type { GatewayMetrics } from '../metrics/gateway-metrics.js';
import { bearerToken } from './bearer.js';
import type { CommandService } from './command-service.js';
import { browseVisible, summarize, visibleConnectors } from './connector-views.js';
import { serveDashboard } from './dashboard-static.js';
import { httpStatusFor } from './http-status.js';
import { HttpCommandSchema } from './inbound-messages.js';
import type { SnapshotStore } from './snapshot-store.js';

export interface HttpContext {
  connectors: ConnectorManager;
  commands: CommandService;
  metrics: GatewayMetrics;
  snapshot: SnapshotStore;
  tokens: () => TokenStore;
  logger: Logger;
  maxBodyBytes: number;
  metricsAuth: () => boolean;
  health: () => Record<string, unknown>;
  reload: () => Promise<unknown>;
}

interface Route {
  method: string;
  path: RegExp;
  /** undefined: public. */
  role: Role | undefined;
  handle(
    ctx: HttpContext,
    req: IncomingMessage,
    params: string[],
    principal: Principal | undefined,
  ): Promise<Reply>;
}

interface Reply {
  status?: number;
  body: unknown;
  contentType?: string;
}

const routes: Route[] = [
  {
    method: 'GET',
    path: /^\/healthz$/,
    role: undefined,
    handle: async (ctx) => ({ body: ctx.health() }),
  },
  {
    method: 'GET',
    path: /^\/metrics$/,
    role: 'read',
    handle: async (ctx) => ({ body: await ctx.metrics.render(), contentType: ctx.metrics.contentType }),
  },
  {
    method: 'GET',
    path: /^\/api\/connectors$/,
    role: 'read',
    handle: async (ctx, _req, _p, principal) => ({
      body: visibleConnectors(ctx.connectors, principal!).map(summarize),
    }),
  },
  {
    method: 'GET',
    path: /^\/api\/connectors\/([^/]+)$/,
    role: 'read',
    handle: async (ctx, _req, [id], principal) => {
      const connector = visibleConnectors(ctx.connectors, principal!).find((c) => c.id === id);
      if (connector === undefined) throw new LabwireError(ErrorCode.NOT_FOUND, `no connector "${id}"`);
      return { body: summarize(connector) };
    },
  },
  {
    method: 'GET',
    path: /^\/api\/connectors\/([^/]+)\/devices$/,
    role: 'read',
    handle: async (ctx, _req, [id], principal) => ({
      body: await browseVisible(ctx.connectors, id!, principal!),
    }),
  },
  {
    method: 'GET',
    path: /^\/api\/snapshot$/,
    role: 'read',
    handle: async (ctx, _req, _p, principal) => ({ body: ctx.snapshot.snapshot(principal!.acl) }),
  },
  {
    method: 'POST',
    path: /^\/api\/connectors\/([^/]+)\/commands$/,
    role: 'write',
    handle: async (ctx, req, [id], principal) => {
      const body = HttpCommandSchema.safeParse(await readJson(req, ctx.maxBodyBytes));
      if (!body.success) {
        ctx.metrics.rejections.inc({ reason: 'invalid' });
        throw new LabwireError(
          ErrorCode.INVALID_ARGUMENT,
          body.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '),
        );
      }
      return { body: await ctx.commands.execute(id!, body.data, principal) };
    },
  },
  {
    method: 'POST',
    path: /^\/api\/connectors\/([^/]+)\/restart$/,
    role: 'admin',
    handle: async (ctx, _req, [id]) => {
      if (!(await ctx.connectors.restart(id!)))
        throw new LabwireError(ErrorCode.NOT_FOUND, `no connector "${id}"`);
      return { status: 202, body: { restarted: id } };
    },
  },
  {
    method: 'POST',
    path: /^\/api\/reload$/,
    role: 'admin',
    handle: async (ctx) => ({ body: await ctx.reload() }),
  },
];

/** The HTTP half of the northbound API: JSON over plain routes, bearer tokens, coded errors. */
export function createHttpHandler(ctx: HttpContext): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    handle(ctx, req, res).catch((err) => {
      ctx.logger.error({ err: (err as Error).message }, 'http handler failed');
      if (!res.headersSent) sendError(res, toLabwireError(err));
    });
  };
}

async function handle(ctx: HttpContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://gateway');
  const matching = routes.filter((r) => r.path.test(url.pathname));
  if (matching.length === 0) {
    // Not an API route: the dashboard's static files (public; the page asks for the token).
    if (await serveDashboard(req, res, url.pathname)) return;
    return sendError(res, new LabwireError(ErrorCode.NOT_FOUND, `no route ${url.pathname}`));
  }
  const route = matching.find((r) => r.method === req.method);
  if (route === undefined) {
    res.setHeader('allow', matching.map((r) => r.method).join(', '));
    return sendError(
      res,
      new LabwireError('METHOD_NOT_ALLOWED', `${req.method} is not allowed on ${url.pathname}`),
      405,
    );
  }
  let principal: Principal | undefined;
  const needsAuth = route.role !== undefined && !(url.pathname === '/metrics' && !ctx.metricsAuth());
  if (needsAuth) {
    principal = ctx.tokens().authenticate(bearerToken(req));
    if (principal === undefined) {
      ctx.metrics.rejections.inc({ reason: 'unauthorized' });
      res.setHeader('www-authenticate', 'Bearer realm="labwire"');
      return sendError(res, new LabwireError(ErrorCode.UNAUTHORIZED, 'a valid bearer token is required'));
    }
    if (!hasRole(principal, route.role!)) {
      ctx.metrics.rejections.inc({ reason: 'forbidden' });
      return sendError(
        res,
        new LabwireError(
          ErrorCode.FORBIDDEN,
          `${principal.name} has the ${principal.role} role; this needs ${route.role}`,
        ),
      );
    }
  }
  const params = (route.path.exec(url.pathname) ?? []).slice(1).map((p) => decodeURIComponent(p));
  try {
    const reply = await route.handle(ctx, req, params, principal);
    const text = reply.contentType === undefined ? JSON.stringify(reply.body) : String(reply.body);
    res.writeHead(reply.status ?? 200, {
      'content-type': reply.contentType ?? 'application/json; charset=utf-8',
    });
    res.end(text);
  } catch (err) {
    sendError(res, toLabwireError(err));
  }
}

function sendError(res: ServerResponse, error: LabwireError, status = httpStatusFor(error.code)): void {
  const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8' };
  if (status === 413) headers.connection = 'close';
  res.writeHead(status, headers);
  res.end(JSON.stringify({ error: error.toJSON() }));
}

/** Reads a JSON body, refusing it once it passes `limit` bytes (before buffering more). */
function readJson(req: IncomingMessage, limit: number): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > limit) {
      reject(new LabwireError(ErrorCode.LIMIT_EXCEEDED, `body of ${declared} bytes exceeds ${limit}`));
      req.resume();
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.byteLength;
      if (size > limit) {
        // Stop keeping the body but let it drain, so the 413 reply still reaches the caller.
        req.off('data', onData);
        req.resume();
        reject(new LabwireError(ErrorCode.LIMIT_EXCEEDED, `body exceeds ${limit} bytes`));
        return;
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.on('end', () => {
      try {
        resolve(JSON.parse(Buffer.concat(chunks).toString('utf8') || 'null'));
      } catch (err) {
        reject(new LabwireError(ErrorCode.MALFORMED, `body is not JSON: ${(err as Error).message}`));
      }
    });
    req.on('error', reject);
  });
}
