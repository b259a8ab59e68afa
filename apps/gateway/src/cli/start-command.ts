import { loadConfigFile } from '../config/load.js';
import type { LoadedConfig } from '../config/load.js';
import { watchConfigFile } from '../config/watch.js';
import { type DemoSetup, startDemo } from '../demo/demo-config.js';
import { Gateway } from '../gateway.js';
import { createLogger } from '../logger.js';
import { ProtocolRegistry } from '../protocols/registry.js';
import { RecordingSession } from '../record/recording-session.js';
import type { CliArgs } from './parse-args.js';

/** A second Ctrl-C, or a shutdown that hangs past this, exits at once with 1. */
export const SHUTDOWN_TIMEOUT_MS = 10_000;

function withOverrides(loaded: LoadedConfig, args: CliArgs): LoadedConfig {
  const server = { ...loaded.config.server };
  if (args.host !== undefined) server.host = args.host;
  if (args.port !== undefined) server.port = args.port;
  return { ...loaded, config: { ...loaded.config, server } };
}

/** `labwire-gateway start`: runs until SIGTERM/SIGINT, then shuts down gracefully and exits 0. */
export async function startCommand(args: CliArgs): Promise<void> {
  const registry = new ProtocolRegistry();
  const bootLogger = createLogger(args.logLevel ?? 'info');
  let demo: DemoSetup | undefined;
  let loaded: LoadedConfig;
  const demoMode = args.demo || args.config === undefined;
  if (demoMode) {
    demo = await startDemo(registry, bootLogger, {
      host: args.host,
      port: args.port,
      indiserver: args.indiserver,
    });
    loaded = demo.loaded;
  } else {
    loaded = withOverrides(await loadConfigFile(args.config!, { registry }), args);
  }
  const logger = createLogger(args.logLevel ?? loaded.config.logging.level);
  const recording = args.record === undefined ? undefined : new RecordingSession(args.record, logger);
  if (recording !== undefined) loaded = await recording.wrap(loaded);
  const reloadSource = demoMode
    ? undefined
    : async () => {
        const next = withOverrides(await loadConfigFile(args.config!, { registry }), args);
        return recording === undefined ? next : recording.wrap(next);
      };
  const gateway = new Gateway(loaded, {
    registry,
    logger,
    ...(reloadSource === undefined ? {} : { reloadSource }),
  });

  // A protocol package's stray rejection must not take every other instrument down with it.
  process.on('unhandledRejection', (reason) => {
    logger.error(
      { err: reason instanceof Error ? reason.message : String(reason) },
      'unhandled rejection (gateway keeps running)',
    );
  });

  const address = await gateway.start();

  const reload = () => {
    if (reloadSource === undefined) return;
    reloadSource()
      .then((next) => gateway.reload(next))
      .catch((err: Error) =>
        logger.error({ err: err.message }, 'config reload refused; keeping the running config'),
      );
  };
  const watcher =
    reloadSource !== undefined && args.watch ? watchConfigFile(args.config!, reload) : undefined;
  process.on('SIGHUP', reload);

  let shuttingDown = false;
  const shutdown = (signal: string) => {
    if (shuttingDown) {
      // A process-group kill can deliver SIGTERM twice; only a second Ctrl-C means "now".
      if (signal !== 'SIGINT') return;
      logger.warn({ signal }, 'second interrupt: exiting without waiting');
      process.exit(1);
    }
    shuttingDown = true;
    logger.info({ signal }, 'shutting down');
    setTimeout(() => {
      logger.error('shutdown took too long');
      process.exit(1);
    }, SHUTDOWN_TIMEOUT_MS).unref();
    void (async () => {
      watcher?.close();
      await gateway.stop();
      const files = (await recording?.close()) ?? [];
      if (files.length > 0) logger.info({ files }, 'captures written');
      await demo?.close();
      logger.flush();
      process.exit(0);
    })();
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));

  const lines = [`labwire gateway listening on ${address.http}  (WebSocket: ${address.ws})`];
  if (demo !== undefined) {
    lines.push(
      `demo mode: ${demo.running.length === 0 ? 'no protocol simulators available yet' : demo.running.join(', ')}`,
    );
  }
  lines.push(
    `connectors: ${
      gateway.connectors
        .list()
        .map((c) => `${c.id} (${c.protocol})`)
        .join(', ') || 'none'
    }`,
  );
  lines.push(
    `try: curl ${address.http}/api/connectors   ·   curl ${address.http}/api/snapshot   ·   Ctrl-C stops`,
  );
  process.stdout.write(`${lines.join('\n')}\n`);
}
