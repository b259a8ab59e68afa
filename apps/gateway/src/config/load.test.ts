import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ProtocolRegistry } from '../protocols/registry.js';
import { ConfigError } from './errors.js';
import { EXAMPLE_CONFIG } from './example.js';
import { parseConfigText } from './load.js';

/** A registry whose protocols accept what the example config gives them (the real ones land separately). */
function permissiveRegistry(): ProtocolRegistry {
  const registry = new ProtocolRegistry();
  for (const name of ['indi', 'pymodaq', 'imb', 'ifcb', 'zeiss-ipc']) {
    registry.register({
      name,
      Connector: class {} as never,
      optionsSchema: z.object({ host: z.string(), port: z.number().int() }).partial().passthrough(),
      startDemoSimulator: undefined,
      exports: {},
    });
  }
  return registry;
}

async function issuesOf(text: string, env: Record<string, string> = {}) {
  try {
    await parseConfigText(text, 'gw.yaml', { registry: permissiveRegistry(), env });
  } catch (err) {
    if (err instanceof ConfigError) return err.issues;
    throw err;
  }
  throw new Error('expected the config to be refused');
}

describe('config loading', () => {
  it('accepts the example config (with its secrets in the environment)', async () => {
    const env = {
      LABWIRE_DASHBOARD_TOKEN: 'dashboard-0123456789abcdef',
      LABWIRE_AUTOMATION_TOKEN: 'automation-0123456789abcdef',
      LABWIRE_ADMIN_TOKEN: 'admin-0123456789abcdef',
    };
    const loaded = await parseConfigText(EXAMPLE_CONFIG, 'example.yaml', {
      registry: permissiveRegistry(),
      env,
    });
    expect(Object.keys(loaded.config.connectors)).toEqual(['indi', 'pymodaq', 'imb', 'ifcb', 'zeiss']);
    expect(loaded.connectorOptions.has('zeiss')).toBe(false);
    expect(loaded.config.auth.tokens[0]!.token).toBe(env.LABWIRE_DASHBOARD_TOKEN);
    expect(loaded.config.bridges).toHaveLength(2);
  });

  it('names the line, the path and what is expected', async () => {
    const text = [
      'server:',
      '  port: "eighty"',
      'connectors:',
      '  scope:',
      '    protocol: indi',
      '    options:',
      '      port: 7.5',
      '    colour: red',
      '',
    ].join('\n');
    const issues = await issuesOf(text);
    expect(issues).toContainEqual(
      expect.objectContaining({
        path: 'server.port',
        line: 2,
        message: expect.stringMatching(/expected number/),
      }),
    );
    expect(issues).toContainEqual(
      expect.objectContaining({
        path: 'connectors.scope',
        line: 5,
        message: expect.stringMatching(/colour/),
      }),
    );
  });

  it('reports protocol option errors under connectors.<id>.options with the protocol named', async () => {
    const issues = await issuesOf(
      'connectors:\n  scope:\n    protocol: indi\n    options:\n      port: 7.5\n',
    );
    expect(issues).toEqual([
      expect.objectContaining({
        path: 'connectors.scope.options.port',
        line: 5,
        message: expect.stringMatching(/^indi: /),
      }),
    ]);
  });

  it('says which protocol package is not available yet', async () => {
    const registry = new ProtocolRegistry(async () => ({}));
    await expect(
      parseConfigText('connectors:\n  x:\n    protocol: ifcb\n', 'gw.yaml', { registry, env: {} }),
    ).rejects.toMatchObject({
      issues: [
        expect.objectContaining({
          path: 'connectors.x.protocol',
          line: 3,
          message: expect.stringMatching(/does not export IfcbConnector/),
        }),
      ],
    });
  });

  it('takes secrets from the environment and names a missing variable', async () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the config's env reference syntax
    const text = 'auth:\n  tokens:\n    - name: a\n      token: ${A_TOKEN}\n      role: read\n';
    const issues = await issuesOf(text);
    expect(issues).toContainEqual(
      expect.objectContaining({
        path: 'auth.tokens[0].token',
        line: 4,
        message: 'environment variable A_TOKEN is not set',
      }),
    );
    const ok = await parseConfigText(text, 'gw.yaml', {
      registry: permissiveRegistry(),
      env: { A_TOKEN: 'abcdefghijklmnopq' },
    });
    expect(ok.config.auth.tokens[0]).toMatchObject({ token: 'abcdefghijklmnopq', allow: ['#'], deny: [] });
  });

  it('reports YAML syntax errors with their position', async () => {
    const issues = await issuesOf('server:\n  port: [1, 2\n');
    expect(issues[0]!.line).toBeGreaterThan(0);
  });

  it('refuses a bind beyond loopback without tokens, bad patterns and bridges to unknown connectors', async () => {
    const text = [
      'server: { host: 0.0.0.0 }',
      'connectors: { a: { protocol: indi } }',
      'bridges:',
      '  - name: r',
      '    from: { topic: "a/#/x" }',
      '    to: { connector: b, target: "d/p" }',
      '',
    ].join('\n');
    const issues = await issuesOf(text);
    expect(issues.map((i) => i.path)).toContain('bridges[0].from.topic');
    const fixed = text.replace('a/#/x', 'a/+/x');
    const issues2 = await issuesOf(fixed);
    expect(issues2).toContainEqual(expect.objectContaining({ path: 'server.host', line: 1 }));
    expect(issues2).toContainEqual(
      expect.objectContaining({
        path: 'bridges[0].to.connector',
        line: 6,
        message: expect.stringMatching(/no enabled connector "b"/),
      }),
    );
  });
});

describe('the example config against the real protocol packages', async () => {
  const registry = new ProtocolRegistry();
  const { missing } = await registry.available();
  it.skipIf(missing.length > 0)('validates with every protocol schema', async () => {
    const env = {
      LABWIRE_DASHBOARD_TOKEN: 'dashboard-0123456789abcdef',
      LABWIRE_AUTOMATION_TOKEN: 'automation-0123456789abcdef',
      LABWIRE_ADMIN_TOKEN: 'admin-0123456789abcdef',
    };
    const loaded = await parseConfigText(EXAMPLE_CONFIG, 'example.yaml', { registry, env });
    expect([...loaded.connectorOptions.keys()]).toEqual(['indi', 'pymodaq', 'imb', 'ifcb']);
  });
});
