#!/usr/bin/env node
import { apiJsonSchema, configJsonSchema } from './api-schema.js';
import { EXAMPLE_CONFIG } from './config/example.js';
import { ConfigError } from './config/errors.js';
import { USAGE, parseCliArgs } from './cli/parse-args.js';
import { startCommand } from './cli/start-command.js';
import { validateCommand } from './cli/validate-command.js';

async function main(): Promise<void> {
  let args: ReturnType<typeof parseCliArgs>;
  try {
    args = parseCliArgs(process.argv.slice(2));
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n\n${USAGE}\n`);
    process.exit(2);
  }
  switch (args.command) {
    case 'help':
      process.stdout.write(`${USAGE}\n`);
      return;
    case 'example-config':
      process.stdout.write(EXAMPLE_CONFIG);
      return;
    case 'api-schema':
      process.stdout.write(`${JSON.stringify(apiJsonSchema(), null, 2)}\n`);
      return;
    case 'config-schema':
      process.stdout.write(`${JSON.stringify(configJsonSchema(), null, 2)}\n`);
      return;
    case 'validate':
      process.exitCode = await validateCommand(args.config);
      return;
    case 'start':
      await startCommand(args);
      return;
  }
}

main().catch((err: Error) => {
  if (err instanceof ConfigError) process.stderr.write(`${err.message}\n`);
  else process.stderr.write(`labwire-gateway: ${err.stack ?? err.message}\n`);
  process.exit(1);
});
