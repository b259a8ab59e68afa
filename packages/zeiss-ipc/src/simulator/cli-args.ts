import { parseArgs } from 'node:util';
import { DIALECT_IDS, type ZeissDialectId } from '../codec/dialects.js';
import type { ZeissInspectSimulatorOptions } from './simulator.js';

export const CLI_USAGE = `usage: labwire-zeiss-sim [--host 127.0.0.1] [--port 40010] [--dialect example|basics|legacy-tcp]
                         [--file PATH]... [--dir PATH]... [--series NAME]... [--no-project]
                         [--fail COMMAND]... [--delay COMMAND=MS]... [--quit-stops-server] [--strict-json]
                         [--deflate] [--log]`;

export interface CliSettings {
  options: ZeissInspectSimulatorOptions;
  /** Print the reference server's stdout lines. */
  log: boolean;
  help: boolean;
}

/** Parses the simulator's command line; throws a TypeError naming the bad argument. */
export function parseCliArgs(args: readonly string[]): CliSettings {
  const { values } = parseArgs({
    args: [...args],
    options: {
      host: { type: 'string' },
      port: { type: 'string' },
      dialect: { type: 'string' },
      file: { type: 'string', multiple: true },
      dir: { type: 'string', multiple: true },
      series: { type: 'string', multiple: true },
      'no-project': { type: 'boolean' },
      fail: { type: 'string', multiple: true },
      delay: { type: 'string', multiple: true },
      'quit-stops-server': { type: 'boolean' },
      'strict-json': { type: 'boolean' },
      deflate: { type: 'boolean' },
      log: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const dialect = (values.dialect ?? 'example') as ZeissDialectId;
  if (!DIALECT_IDS.includes(dialect))
    throw new TypeError(`--dialect must be one of ${DIALECT_IDS.join(', ')}`);
  const port = values.port === undefined ? undefined : Number(values.port);
  if (port !== undefined && (!Number.isInteger(port) || port < 0 || port > 65535))
    throw new TypeError(`--port needs 0..65535, got ${values.port}`);
  const delaysMs: Record<string, number> = {};
  for (const d of values.delay ?? []) {
    const at = d.lastIndexOf('=');
    const ms = Number(d.slice(at + 1));
    if (at <= 0 || !Number.isFinite(ms) || ms < 0) throw new TypeError(`--delay needs COMMAND=MS, got ${d}`);
    delaysMs[d.slice(0, at)] = ms;
  }
  return {
    options: {
      dialect,
      listenHost: values.host ?? '127.0.0.1',
      ...(port === undefined ? {} : { port }),
      host: {
        files: values.file ?? [],
        directories: values.dir ?? [],
        series: values.series ?? [],
        project: values['no-project'] !== true,
        failCommands: values.fail ?? [],
        delaysMs,
      },
      ...(values['quit-stops-server'] ? { quitStopsServer: true } : {}),
      ...(values['strict-json'] ? { strictJson: true } : {}),
      ...(values.deflate ? { perMessageDeflate: true } : {}),
    },
    log: values.log === true,
    help: values.help === true,
  };
}
