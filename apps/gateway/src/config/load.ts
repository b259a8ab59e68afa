import { readFile } from 'node:fs/promises';
import { LineCounter, parseDocument, type Document } from 'yaml';
import type { ProtocolRegistry } from '../protocols/registry.js';
import { substituteEnv } from './env.js';
import { ConfigError, type ConfigIssue, joinPath } from './errors.js';
import { type GatewayConfig, GatewayConfigSchema } from './schema.js';

/** A validated config: the file's settings plus each connector's options as its protocol parsed them. */
export interface LoadedConfig {
  file: string;
  config: GatewayConfig;
  /** Connector id → options parsed by the protocol's `<X>ConnectorOptionsSchema` (enabled ones only). */
  connectorOptions: Map<string, Record<string, unknown>>;
}

export interface LoadOptions {
  registry: ProtocolRegistry;
  env?: Record<string, string | undefined>;
}

type LocatedIssue = ConfigIssue & { keys?: ReadonlyArray<PropertyKey> };

const LOOPBACK_HOSTS = new Set(['127.0.0.1', '::1', 'localhost']);

export function isLoopbackHost(host: string): boolean {
  return LOOPBACK_HOSTS.has(host) || host.startsWith('127.');
}

export async function loadConfigFile(file: string, options: LoadOptions): Promise<LoadedConfig> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new ConfigError(file, [{ path: '', message: `cannot read the file: ${(err as Error).message}` }]);
  }
  return parseConfigText(text, file, options);
}

/** Parses YAML or JSON (JSON is YAML), substitutes `${ENV}` secrets and validates everything. */
export async function parseConfigText(
  text: string,
  file: string,
  options: LoadOptions,
): Promise<LoadedConfig> {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw new ConfigError(
      file,
      doc.errors.map((e) => {
        const pos = lineCounter.linePos(e.pos[0]);
        return { path: '', line: pos.line, column: pos.col, message: e.message.split('\n')[0] ?? e.message };
      }),
    );
  }
  const located: LocatedIssue[] = [];
  const raw = substituteEnv(doc.toJS() ?? {}, options.env ?? process.env, located);
  const parsed = GatewayConfigSchema.safeParse(raw);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      located.push({ keys: issue.path, path: joinPath(issue.path), message: issue.message });
    }
    throw new ConfigError(file, locate(located, doc, lineCounter));
  }
  const config = parsed.data;
  const connectorOptions = new Map<string, Record<string, unknown>>();
  for (const [id, connector] of Object.entries(config.connectors)) {
    if (!connector.enabled) continue;
    const keys = ['connectors', id, 'protocol'];
    let entry: Awaited<ReturnType<ProtocolRegistry['load']>>;
    try {
      entry = await options.registry.load(connector.protocol);
    } catch (err) {
      located.push({ keys, path: joinPath(keys), message: (err as Error).message });
      continue;
    }
    const result = entry.optionsSchema.safeParse(connector.options);
    if (!result.success) {
      for (const issue of result.error.issues) {
        const path = ['connectors', id, 'options', ...issue.path];
        located.push({
          keys: path,
          path: joinPath(path),
          message: `${connector.protocol}: ${issue.message}`,
        });
      }
      continue;
    }
    connectorOptions.set(id, result.data as Record<string, unknown>);
  }
  located.push(...crossCheck(config));
  if (located.length > 0) throw new ConfigError(file, locate(located, doc, lineCounter));
  return { file, config, connectorOptions };
}

/** Rules that span sections: bridges name real connectors, a public bind needs tokens. */
function crossCheck(config: GatewayConfig): LocatedIssue[] {
  const issues: LocatedIssue[] = [];
  const enabled = new Set(
    Object.entries(config.connectors)
      .filter(([, c]) => c.enabled)
      .map(([id]) => id),
  );
  config.bridges.forEach((bridge, i) => {
    const target = bridge.kind === 'pymodaq-grabber' ? bridge.trigger?.connector : bridge.to.connector;
    const key =
      bridge.kind === 'pymodaq-grabber'
        ? ['bridges', i, 'trigger', 'connector']
        : ['bridges', i, 'to', 'connector'];
    if (target !== undefined && !enabled.has(target)) {
      issues.push({
        keys: key,
        path: joinPath(key),
        message: `no enabled connector "${target}" (have: ${[...enabled].join(', ') || 'none'})`,
      });
    }
  });
  const names = new Set<string>();
  config.bridges.forEach((bridge, i) => {
    if (names.has(bridge.name))
      issues.push({
        keys: ['bridges', i, 'name'],
        path: `bridges[${i}].name`,
        message: `duplicate bridge name "${bridge.name}"`,
      });
    names.add(bridge.name);
  });
  const secrets = new Set<string>();
  config.auth.tokens.forEach((token, i) => {
    if (secrets.has(token.token))
      issues.push({
        keys: ['auth', 'tokens', i, 'token'],
        path: `auth.tokens[${i}].token`,
        message: 'two tokens share the same secret',
      });
    secrets.add(token.token);
  });
  if (
    !isLoopbackHost(config.server.host) &&
    config.auth.tokens.length === 0 &&
    config.auth.anonymous === undefined
  ) {
    issues.push({
      keys: ['server', 'host'],
      path: 'server.host',
      message: `binding to ${config.server.host} (beyond loopback) needs auth.tokens, or auth.anonymous set explicitly`,
    });
  }
  return issues;
}

/** Adds line and column from the YAML document to each issue, using the nearest existing node. */
function locate(issues: LocatedIssue[], doc: Document, lineCounter: LineCounter): ConfigIssue[] {
  return issues.map(({ keys, ...issue }) => {
    if (keys === undefined) return issue;
    for (let n = keys.length; n >= 0; n--) {
      const node = doc.getIn(keys.slice(0, n) as unknown[], true) as
        | { range?: [number, number, number] }
        | undefined;
      if (node?.range !== undefined) {
        const pos = lineCounter.linePos(node.range[0]);
        return { ...issue, line: pos.line, column: pos.col };
      }
    }
    return issue;
  });
}
