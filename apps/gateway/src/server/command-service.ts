import {
  type CommandRequest,
  type CommandResult,
  ErrorCode,
  LabwireError,
  encodeSegment,
} from '@labwire/core';
import { type Principal, hasRole } from '../auth/tokens.js';
import type { RateLimiter } from '../auth/rate-limit.js';
import type { ConnectorManager } from '../connectors/connector-manager.js';
import type { GatewayMetrics } from '../metrics/gateway-metrics.js';

/**
 * The one path every command takes into a connector, from the WebSocket API, HTTP and bridges:
 * role, topic permission and rate checks, then the connector's exactly-once command, timed.
 */
export class CommandService {
  constructor(
    private readonly connectors: ConnectorManager,
    private readonly metrics: GatewayMetrics,
    private readonly rateLimiter: () => RateLimiter,
  ) {}

  /** `principal` undefined: an internal caller (a bridge), exempt from API checks. */
  async execute(
    connectorId: string,
    request: CommandRequest,
    principal: Principal | undefined,
  ): Promise<CommandResult> {
    if (principal !== undefined) {
      if (!hasRole(principal, 'write')) {
        this.metrics.rejections.inc({ reason: 'forbidden' });
        throw new LabwireError(
          ErrorCode.FORBIDDEN,
          `${principal.name} has the ${principal.role} role; commands need write`,
        );
      }
      const topic = `${encodeSegment(connectorId)}/${request.target}`;
      if (!principal.acl.permits(topic)) {
        this.metrics.rejections.inc({ reason: 'forbidden' });
        throw new LabwireError(ErrorCode.FORBIDDEN, `${principal.name} may not command ${topic}`);
      }
      const limiter = this.rateLimiter();
      if (!limiter.take(principal.key)) {
        this.metrics.rejections.inc({ reason: 'rate_limited' });
        throw new LabwireError(ErrorCode.RATE_LIMITED, `too many commands from ${principal.name}`, {
          details: { retryAfterMs: limiter.retryAfterMs(principal.key) },
        });
      }
    }
    const connector = this.connectors.get(connectorId);
    if (connector === undefined) throw new LabwireError(ErrorCode.NOT_FOUND, `no connector "${connectorId}"`);
    const started = performance.now();
    try {
      const result = await connector.command(request);
      this.metrics.commandLatency.observe(
        { connector: connectorId, outcome: 'done' },
        (performance.now() - started) / 1000,
      );
      return result;
    } catch (err) {
      this.metrics.commandLatency.observe(
        { connector: connectorId, outcome: 'failed' },
        (performance.now() - started) / 1000,
      );
      throw err;
    }
  }
}
