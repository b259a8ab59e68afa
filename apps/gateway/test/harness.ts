import { LabwireClient, type LabwireClientOptions } from '@labwire/client';
import { waitFor } from '@labwire/testkit';
import { pino } from 'pino';
import WebSocket from 'ws';
import { stringify } from 'yaml';
import { parseConfigText } from '../src/config/load.js';
import { Gateway, type GatewayAddress } from '../src/gateway.js';
import { ProtocolRegistry } from '../src/protocols/registry.js';
import { lineProtocol } from './scaffolding/line-connector.js';

export const silentLogger = pino({ level: 'silent' });

/** A registry that also knows the test-line scaffolding protocol. */
export function testRegistry(): ProtocolRegistry {
  const registry = new ProtocolRegistry();
  registry.register(lineProtocol);
  return registry;
}

export interface RunningGateway {
  gateway: Gateway;
  address: GatewayAddress;
  registry: ProtocolRegistry;
  client(options?: Partial<LabwireClientOptions>): Promise<LabwireClient>;
  http(path: string, init?: RequestInit & { token?: string }): Promise<Response>;
  close(): Promise<void>;
}

/** Starts an in-process gateway on 127.0.0.1, port 0, from a config object (as the YAML would hold it). */
export async function startTestGateway(
  config: Record<string, unknown>,
  env: Record<string, string> = {},
): Promise<RunningGateway> {
  const registry = testRegistry();
  const withServer = { ...config, server: { port: 0, ...((config.server as object) ?? {}) } };
  const loaded = await parseConfigText(stringify(withServer), 'test.yaml', { registry, env });
  const gateway = new Gateway(loaded, { registry, logger: silentLogger });
  const address = await gateway.start();
  const clients: LabwireClient[] = [];
  return {
    gateway,
    address,
    registry,
    async client(options = {}) {
      const client = new LabwireClient({
        url: address.ws,
        WebSocket: WebSocket as never,
        reconnect: false,
        ...options,
      });
      clients.push(client);
      await client.connect();
      return client;
    },
    http(path, init = {}) {
      const { token, ...rest } = init;
      const headers = new Headers(rest.headers);
      if (token !== undefined) headers.set('authorization', `Bearer ${token}`);
      return fetch(`${address.http}${path}`, { ...rest, headers });
    },
    async close() {
      for (const c of clients) await c.close();
      await gateway.stop();
    },
  };
}

/** Polls until `check` returns a value (bounded; tests never hang): testkit's `waitFor`. */
export function until<T>(check: () => T | undefined | false, what: string, timeoutMs = 5_000): Promise<T> {
  return waitFor(what, check, timeoutMs);
}
