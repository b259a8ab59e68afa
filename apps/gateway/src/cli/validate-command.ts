import { ConfigError } from '../config/errors.js';
import { loadConfigFile } from '../config/load.js';
import { ProtocolRegistry } from '../protocols/registry.js';

/** `labwire-gateway validate <file>`: exit 0 and a summary, or exit 1 and every issue. */
export async function validateCommand(file: string | undefined): Promise<number> {
  if (file === undefined) {
    process.stderr.write('validate needs a config file: labwire-gateway validate gateway.yaml\n');
    return 2;
  }
  try {
    const { config } = await loadConfigFile(file, { registry: new ProtocolRegistry() });
    const connectors = Object.entries(config.connectors);
    const enabled = connectors.filter(([, c]) => c.enabled).length;
    process.stdout.write(
      `${file}: ok — ${enabled} connector(s) enabled of ${connectors.length}, ${config.bridges.length} bridge(s), ` +
        `${config.auth.tokens.length} token(s), listening on ${config.server.host}:${config.server.port}\n`,
    );
    return 0;
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      return 1;
    }
    throw err;
  }
}
