import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LabwireClient } from '@labwire/client';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { findOnPath } from '../src/demo/indiserver.js';
import { type RunningGateway, startTestGateway } from './harness.js';

const openssl = await findOnPath('openssl');
const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe.skipIf(openssl === undefined)('TLS', () => {
  it('serves HTTPS and WSS with the configured certificate', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'labwire-tls-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const cert = join(dir, 'cert.pem');
    const key = join(dir, 'key.pem');
    execFileSync(
      openssl!,
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-keyout',
        key,
        '-out',
        cert,
        '-days',
        '1',
        '-subj',
        '/CN=127.0.0.1',
        '-addext',
        'subjectAltName=IP:127.0.0.1',
      ],
      { stdio: 'ignore' },
    );
    const ca = await readFile(cert);
    const gw: RunningGateway = await startTestGateway({ server: { tls: { cert, key } } });
    cleanups.push(() => gw.close());
    expect(gw.address.http).toMatch(/^https:/);
    expect(gw.address.ws).toMatch(/^wss:/);
    const body = await new Promise<string>((resolve, reject) => {
      const req = request(`${gw.address.http}/healthz`, { ca }, (res) => {
        let text = '';
        res.on('data', (d) => (text += d));
        res.on('end', () => resolve(text));
      });
      req.on('error', reject);
      req.end();
    });
    expect(JSON.parse(body)).toMatchObject({ status: 'ok' });
    class TrustingWebSocket extends WebSocket {
      constructor(url: string, protocols?: string | string[]) {
        super(url, protocols, { ca });
      }
    }
    const client = new LabwireClient({
      url: gw.address.ws,
      WebSocket: TrustingWebSocket as never,
      reconnect: false,
    });
    cleanups.push(() => client.close());
    expect((await client.connect()).protocol).toBe('labwire.v1');
    expect(await client.ping()).toBeGreaterThanOrEqual(0);
    const untrusting = new LabwireClient({
      url: gw.address.ws,
      WebSocket: WebSocket as never,
      reconnect: false,
    });
    await expect(untrusting.connect()).rejects.toMatchObject({ code: 'CONNECT_FAILED' });
  });
});
