#!/usr/bin/env node
import { HUB_USAGE, runHubCli } from './hub-cli.js';

const io = {
  out: (line: string) => process.stdout.write(`${line}\n`),
  err: (line: string) => process.stderr.write(`${line}\n`),
};

runHubCli(process.argv.slice(2), io).then(
  (hub) => {
    if (hub === undefined) return;
    const stop = () => {
      void hub.close().then(() => process.exit(0));
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  },
  (err: unknown) => {
    io.err(`labwire-imb-hub: ${(err as Error).message}\n${HUB_USAGE}`);
    process.exit(2);
  },
);
