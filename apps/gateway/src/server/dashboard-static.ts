import { readFile, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { dirname, extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Content types of what a Vite build of the dashboard contains. */
const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.webp': 'image/webp',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

/** Vite names built assets `name-<hash>.ext`: their content never changes under that name. */
const HASHED_ASSET = /^\/assets\/.+-[A-Za-z0-9_-]{8,}\.[a-z0-9]+$/;
const IMMUTABLE = 'public, max-age=31536000, immutable';

/** Serves a request for a dashboard file; resolves false when there is no such file (the caller answers 404). */
export type DashboardHandler = (
  req: IncomingMessage,
  res: ServerResponse,
  pathname: string,
) => Promise<boolean>;

/** The built dashboard: `dist/` of the `@labwire/dashboard` package, undefined when it is not installed. */
export function dashboardRoot(): string | undefined {
  try {
    return join(dirname(fileURLToPath(import.meta.resolve('@labwire/dashboard/package.json'))), 'dist');
  } catch {
    return undefined;
  }
}

/**
 * Static files of the web dashboard at `/`. Public on purpose: the page holds no data, it asks
 * the user for a token and sends it with every API call. Only GET and HEAD, only files inside
 * `root` (no traversal, no directory listings, no dotfiles).
 */
export function createDashboardHandler(root: string | undefined = dashboardRoot()): DashboardHandler {
  const base = root === undefined ? undefined : resolve(root);
  return async (req, res, pathname) => {
    if (base === undefined || (req.method !== 'GET' && req.method !== 'HEAD')) return false;
    const file = resolveFile(base, pathname === '/' ? '/index.html' : pathname);
    if (file === undefined) return false;
    let body: Buffer;
    try {
      if (!(await stat(file)).isFile()) return false;
      body = await readFile(file);
    } catch {
      return false;
    }
    res.writeHead(200, {
      'content-type': CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
      'content-length': body.byteLength,
      'cache-control': HASHED_ASSET.test(pathname) ? IMMUTABLE : 'no-cache',
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
    });
    res.end(req.method === 'HEAD' ? undefined : body);
    return true;
  };
}

/** The file a URL path names inside `base`, or undefined when it would leave it or is hidden. */
function resolveFile(base: string, pathname: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return undefined;
  const segments = decoded.split('/').filter((s) => s !== '');
  if (segments.some((s) => s.startsWith('.'))) return undefined;
  const file = resolve(base, ...segments);
  return file.startsWith(base + sep) ? file : undefined;
}

/** The gateway's dashboard, resolved once on first use. */
let shared: DashboardHandler | undefined;
export function serveDashboard(
  req: IncomingMessage,
  res: ServerResponse,
  pathname: string,
): Promise<boolean> {
  shared ??= createDashboardHandler();
  return shared(req, res, pathname);
}
