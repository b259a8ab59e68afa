import { parseArgs } from 'node:util';

export const USAGE = `usage: labwire-gateway <command> [options]

commands:
  start [config]          start the gateway; without a config file, demo mode
                          (simulators of every protocol in-process, and indiserver if installed)
  validate <config>       check a config file and print what is wrong, with line and path
  example-config          print a commented example config
  api-schema              print the JSON Schema of the northbound API
  config-schema           print the JSON Schema of the config file (for editors)

start options:
  -c, --config <file>     config file (YAML or JSON)
      --host <host>       override server.host
  -p, --port <port>       override server.port (0: any free port)
      --demo              demo mode even with a config file given
      --no-indiserver     demo mode without a real indiserver
      --record <dir>      write bus captures (labwire-vectors/1) per connector into <dir>
      --no-watch          do not reload when the config file changes (SIGHUP still does)
      --log-level <level> fatal|error|warn|info|debug|trace|silent
  -h, --help`;

export interface CliArgs {
  command: 'start' | 'validate' | 'example-config' | 'api-schema' | 'config-schema' | 'help';
  config: string | undefined;
  host: string | undefined;
  port: number | undefined;
  demo: boolean;
  indiserver: boolean;
  record: string | undefined;
  watch: boolean;
  logLevel: string | undefined;
}

export function parseCliArgs(argv: string[]): CliArgs {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      config: { type: 'string', short: 'c' },
      host: { type: 'string' },
      port: { type: 'string', short: 'p' },
      demo: { type: 'boolean', default: false },
      'no-indiserver': { type: 'boolean', default: false },
      record: { type: 'string' },
      'no-watch': { type: 'boolean', default: false },
      'log-level': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const [commandName = 'start', file] = positionals;
  if (values.help || commandName === 'help') return { ...defaults(), command: 'help' };
  if (
    commandName !== 'start' &&
    commandName !== 'validate' &&
    commandName !== 'example-config' &&
    commandName !== 'api-schema' &&
    commandName !== 'config-schema'
  ) {
    throw new Error(`unknown command "${commandName}"`);
  }
  let port: number | undefined;
  if (values.port !== undefined) {
    port = Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535)
      throw new Error(`--port must be 0..65535, got "${values.port}"`);
  }
  return {
    command: commandName,
    config: values.config ?? file,
    host: values.host,
    port,
    demo: values.demo ?? false,
    indiserver: !values['no-indiserver'],
    record: values.record,
    watch: !values['no-watch'],
    logLevel: values['log-level'],
  };
}

function defaults(): CliArgs {
  return {
    command: 'help',
    config: undefined,
    host: undefined,
    port: undefined,
    demo: false,
    indiserver: true,
    record: undefined,
    watch: true,
    logLevel: undefined,
  };
}
