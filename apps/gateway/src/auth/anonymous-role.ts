import { isLoopbackHost } from '../config/load.js';
import type { GatewayConfig, Role } from '../config/schema.js';

/**
 * Who may connect without a token: `auth.anonymous` when set; otherwise, with no tokens
 * configured and a loopback bind, everyone on this machine as admin (a single-user lab PC);
 * otherwise nobody.
 */
export function anonymousRole(config: GatewayConfig): Role | undefined {
  const setting = config.auth.anonymous;
  if (setting === false) return undefined;
  if (setting !== undefined) return setting;
  return config.auth.tokens.length === 0 && isLoopbackHost(config.server.host) ? 'admin' : undefined;
}
