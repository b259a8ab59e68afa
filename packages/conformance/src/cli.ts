#!/usr/bin/env node
import { loadSuites } from '@labwire/testkit/vectors';
import { builtinRegistry, loadAdapter } from './registry.js';
import { disputedLines, failureLine, summaryTable, toJson, totalsLine } from './report.js';
import { runSuites } from './runner.js';
import { CommandArgs } from './commands/args.js';
import { CAPTURE_USAGE, captureCommand } from './commands/capture.js';
import { REPLAY_USAGE, replayCommand } from './commands/replay.js';
import { TO_VECTORS_USAGE, toVectorsCommand } from './commands/to-vectors.js';
import { FUZZ_USAGE, fuzzCommand } from './commands/fuzz.js';

const SUBCOMMANDS: Record<
  string,
  { usage: string; run: (args: CommandArgs) => Promise<number>; flags?: string[] }
> = {
  capture: { usage: CAPTURE_USAGE, run: captureCommand },
  replay: { usage: REPLAY_USAGE, run: replayCommand, flags: ['once'] },
  'to-vectors': { usage: TO_VECTORS_USAGE, run: toVectorsCommand },
  fuzz: { usage: FUZZ_USAGE, run: fuzzCommand, flags: ['json'] },
};

const USAGE = `usage: labwire-conformance [run] [options] <suite files or folders…>
       labwire-conformance capture | replay | to-vectors | fuzz …   (--help on each)

Runs labwire-vectors/1 suites through the adapter registered for each suite's protocol.

options:
  --adapter <module>   register an adapter module (default export) for another implementation
  --filter <text>      only cases whose id contains <text>
  --timeout <ms>       per-case time limit when the adapter sets none (default 30000)
  --json               print the report as JSON
  -h, --help           this text`;

interface Args {
  paths: string[];
  adapters: string[];
  filter?: string;
  timeoutMs?: number;
  json: boolean;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { paths: [], adapters: [], json: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const next = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === '--adapter') args.adapters.push(next());
    else if (a === '--filter') args.filter = next();
    else if (a === '--timeout') args.timeoutMs = Number(next());
    else if (a === '--json') args.json = true;
    else if (a === '-h' || a === '--help') {
      console.log(USAGE);
      process.exit(0);
    } else if (a.startsWith('-')) throw new Error(`unknown option ${a}`);
    else args.paths.push(a);
  }
  if (args.paths.length === 0) throw new Error('no suite files or folders given');
  return args;
}

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  const sub = SUBCOMMANDS[argv[0] ?? ''];
  if (sub !== undefined) {
    if (argv.includes('--help') || argv.includes('-h')) {
      console.log(sub.usage);
      return 0;
    }
    try {
      return await sub.run(new CommandArgs(argv.slice(1), sub.flags));
    } catch (err) {
      console.error(`labwire-conformance ${argv[0]}: ${(err as Error).message}\n\n${sub.usage}`);
      return 2;
    }
  }
  if (argv[0] === 'run') argv.shift();
  let args: Args;
  try {
    args = parseArgs(argv);
  } catch (err) {
    console.error(`labwire-conformance: ${(err as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const registry = await builtinRegistry();
  for (const specifier of args.adapters) registry.register(await loadAdapter(specifier));
  let suites: ReturnType<typeof loadSuites>;
  try {
    suites = loadSuites(args.paths);
  } catch (err) {
    console.error(`labwire-conformance: ${(err as Error).message}`);
    console.log('0 passed, 1 failed');
    return 1;
  }
  const report = await runSuites(suites, registry, {
    ...(args.filter === undefined ? {} : { filter: args.filter }),
    ...(args.timeoutMs === undefined ? {} : { timeoutMs: args.timeoutMs }),
    onResult: (r) => {
      if (!r.pass && !args.json) console.log(failureLine(r));
    },
  });
  if (args.json) console.log(toJson(report));
  else {
    for (const line of disputedLines(report)) console.log(line);
    console.log(summaryTable(report));
    if (report.disputed > 0)
      console.log(`(${report.disputed} disputed vector(s) failed as documented and are counted as passed)`);
    console.log(totalsLine(report));
  }
  return report.failed > 0 ? 1 : 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    console.error(`labwire-conformance: ${(err as Error).stack ?? err}`);
    process.exitCode = 2;
  },
);
