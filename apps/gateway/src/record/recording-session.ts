import { join } from 'node:path';
import { mkdir } from 'node:fs/promises';
import type { Logger } from 'pino';
import type { LoadedConfig } from '../config/load.js';
import { CaptureFile } from './capture-file.js';
import { type RecordingProxy, startRecordingProxy } from './recording-proxy.js';

interface Endpoint {
  host: string;
  port: number;
  /** Rewrites the connector options to go through the proxy instead. */
  via(proxyPort: number): Record<string, unknown>;
}

const DEFAULT_PORTS: Record<string, number> = { 'ws:': 80, 'http:': 80, 'wss:': 443, 'https:': 443 };

/** Where a connector connects: `host`/`port` options, or a `url` option. */
export function endpointOf(options: Record<string, unknown>): Endpoint | undefined {
  if (typeof options.host === 'string' && typeof options.port === 'number') {
    return {
      host: options.host,
      port: options.port,
      via: (p) => ({ ...options, host: '127.0.0.1', port: p }),
    };
  }
  if (typeof options.url === 'string') {
    let url: URL;
    try {
      url = new URL(options.url);
    } catch {
      return undefined;
    }
    // Encrypted traffic would be recorded as ciphertext: useless as a capture.
    if (url.protocol === 'wss:' || url.protocol === 'https:') return undefined;
    const port = url.port === '' ? DEFAULT_PORTS[url.protocol] : Number(url.port);
    if (port === undefined) return undefined;
    const host = url.hostname.replace(/^\[|\]$/g, '');
    return {
      host,
      port,
      via: (p) => {
        const proxied = new URL(url);
        proxied.hostname = '127.0.0.1';
        proxied.port = String(p);
        return { ...options, url: proxied.toString() };
      },
    };
  }
  return undefined;
}

/**
 * `--record <dir>`: every connector reaches its instrument through a recording proxy, and each
 * session is written to `<dir>/<connector>.capture.jsonl` in the `labwire-capture/1` format of
 * the conformance tools, ready for `labwire-conformance to-vectors` or `replay`.
 */
export class RecordingSession {
  private readonly proxies = new Map<string, { key: string; proxy: RecordingProxy; capture: CaptureFile }>();

  constructor(
    private readonly dir: string,
    private readonly logger: Logger,
  ) {}

  /** The config with connector options pointed at recording proxies (reused across reloads). */
  async wrap(loaded: LoadedConfig): Promise<LoadedConfig> {
    await mkdir(this.dir, { recursive: true });
    const connectorOptions = new Map(loaded.connectorOptions);
    for (const [id, options] of loaded.connectorOptions) {
      const endpoint = endpointOf(options);
      if (endpoint === undefined) {
        this.logger.warn({ connector: id }, 'record: no plain host/port or ws/http url; not recorded');
        continue;
      }
      const key = `${endpoint.host}:${endpoint.port}`;
      let entry = this.proxies.get(id);
      if (entry !== undefined && entry.key !== key) {
        await this.closeOne(id);
        entry = undefined;
      }
      if (entry === undefined) {
        const protocol = loaded.config.connectors[id]?.protocol ?? 'unknown';
        const capture = new CaptureFile(
          join(this.dir, `${id.replace(/[^A-Za-z0-9._-]/g, '_')}.capture.jsonl`),
          {
            protocol,
            framing: 'stream',
            peer: `tcp://${key}`,
            notes: { connector: id, recordedBy: 'labwire-gateway --record' },
          },
        );
        entry = { key, proxy: await startRecordingProxy(endpoint, capture), capture };
        this.proxies.set(id, entry);
      }
      connectorOptions.set(id, endpoint.via(entry.proxy.port));
    }
    return { ...loaded, connectorOptions };
  }

  /** Closes the proxies and finishes the files; returns their paths. */
  async close(): Promise<string[]> {
    const files = [...this.proxies.values()].map((e) => e.capture.path);
    for (const id of [...this.proxies.keys()]) await this.closeOne(id);
    return files;
  }

  private async closeOne(id: string): Promise<void> {
    const entry = this.proxies.get(id);
    if (entry === undefined) return;
    this.proxies.delete(id);
    await entry.proxy.close();
    await entry.capture.end();
  }
}
