import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { type Server, createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDashboardHandler } from '../src/server/dashboard-static.js';
import { type RunningGateway, startTestGateway } from './harness.js';

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A request with the path exactly as given (fetch would normalise `..` away before sending). */
function rawRequest(port: number, path: string, method = 'GET'): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method, timeout: 5_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: Buffer.concat(chunks).toString(),
        }),
      );
    });
    req.on('timeout', () => req.destroy(new Error(`${method} ${path} timed out`)));
    req.on('error', reject);
    req.end();
  });
}

describe('dashboard static files (handler on a temporary folder)', () => {
  let dir: string;
  let server: Server;
  let port: number;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'labwire-dashboard-'));
    const root = join(dir, 'dist');
    await mkdir(join(root, 'assets'), { recursive: true });
    await writeFile(join(root, 'index.html'), '<!doctype html><title>labwire</title>');
    await writeFile(join(root, 'assets', 'index-AbCdEf12.js'), 'console.log(1)');
    await writeFile(join(root, 'assets', 'index-AbCdEf12.css'), 'body{}');
    await writeFile(join(root, 'assets', 'logo.svg'), '<svg/>');
    await writeFile(join(root, '.env'), 'SECRET=1');
    await writeFile(join(dir, 'secret.txt'), 'outside the root');
    const handler = createDashboardHandler(root);
    server = createServer((req, res) => {
      const pathname = (req.url ?? '/').split('?')[0]!;
      void handler(req, res, pathname).then((served) => {
        if (!served) res.writeHead(404).end('not served');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as AddressInfo).port;
  });

  afterAll(async () => {
    await new Promise((r) => server.close(r));
    await rm(dir, { recursive: true, force: true });
  });

  it('serves index.html at / and by name, revalidated on every load', async () => {
    for (const path of ['/', '/index.html']) {
      const answer = await rawRequest(port, path);
      expect(answer.status).toBe(200);
      expect(answer.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(answer.headers['cache-control']).toBe('no-cache');
      expect(answer.body).toContain('<title>labwire</title>');
    }
  });

  it('serves hashed assets with their content type and a long immutable cache', async () => {
    const js = await rawRequest(port, '/assets/index-AbCdEf12.js');
    expect(js.status).toBe(200);
    expect(js.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(js.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(js.headers['x-content-type-options']).toBe('nosniff');
    expect(js.body).toBe('console.log(1)');
    const css = await rawRequest(port, '/assets/index-AbCdEf12.css');
    expect(css.headers['content-type']).toBe('text/css; charset=utf-8');
    const svg = await rawRequest(port, '/assets/logo.svg');
    expect(svg.headers['content-type']).toBe('image/svg+xml');
    // Not hashed: may change under the same name.
    expect(svg.headers['cache-control']).toBe('no-cache');
  });

  it('answers HEAD without a body and leaves other methods to the caller', async () => {
    const head = await rawRequest(port, '/', 'HEAD');
    expect(head.status).toBe(200);
    expect(head.headers['content-length']).toBe(String('<!doctype html><title>labwire</title>'.length));
    expect(head.body).toBe('');
    expect((await rawRequest(port, '/', 'POST')).status).toBe(404);
  });

  it('never leaves the folder, lists it, or shows hidden files', async () => {
    for (const path of [
      '/../secret.txt',
      '/assets/../../secret.txt',
      '/%2e%2e/secret.txt',
      '/assets/%2e%2e%2f%2e%2e%2fsecret.txt',
      '/..%5csecret.txt',
      '/%00index.html',
      '/%E0%A4%A',
      '/.env',
      '/assets',
      '/assets/',
      '/missing.js',
    ]) {
      const answer = await rawRequest(port, path);
      expect(answer.status, path).toBe(404);
      expect(answer.body, path).toBe('not served');
    }
  });
});

describe('dashboard served by the gateway', () => {
  const TOKEN = 'dashboard-test-token-0123456789';
  let gw: RunningGateway;

  beforeAll(async () => {
    gw = await startTestGateway({
      auth: { tokens: [{ name: 'viewer', token: TOKEN, role: 'read' }] },
      connectors: {},
    });
  });

  afterAll(async () => {
    await gw.close();
  });

  it('serves the built page at / without a token, with relative asset paths that resolve', async () => {
    const page = await gw.http('/');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const html = await page.text();
    const script = /src="\.\/(assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect(script, 'the built index.html references its script relatively').toBeDefined();
    const asset = await gw.http(`/${script}`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(asset.headers.get('cache-control')).toContain('immutable');
  });

  it('still requires the token for the API and answers unknown paths with the JSON 404', async () => {
    const api = await gw.http('/api/connectors');
    expect(api.status).toBe(401);
    expect((await gw.http('/api/connectors', { token: TOKEN })).status).toBe(200);
    const missing = await gw.http('/no-such-file.js');
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { error: { code: string } }).error.code).toBe('NOT_FOUND');
  });
});
