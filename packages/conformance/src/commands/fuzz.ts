import { fuzzOne } from '../fuzz/supervisor.js';
import { fuzzTargets } from '../fuzz/targets.js';
import type { CommandArgs } from './args.js';

export const FUZZ_USAGE = `labwire-conformance fuzz [--protocol <name>] [--seconds N] [--runs N] [--seed N] [--json]

Fuzzes every protocol decoder (or one protocol's) with random bytes and mutations of the wire
bytes in the visible vectors, split at random points. Reports crashes (anything thrown: decoders
must report coded errors instead), hangs (no progress for 5 s) and heap growth. Bounded by
--seconds per target (default 10) or --runs.`;

export async function fuzzCommand(args: CommandArgs): Promise<number> {
  const only = args.optional('protocol');
  const seconds = Number(args.optional('seconds') ?? 10);
  const runs = args.optional('runs');
  const seed = args.optional('seed');
  const targets = (await fuzzTargets()).filter((t) => only === undefined || t.protocol === only);
  if (targets.length === 0)
    throw new Error(only === undefined ? 'no fuzz targets' : `no fuzz target for ${only}`);
  let failed = 0;
  const reports = [];
  for (const t of targets) {
    const report = await fuzzOne(t.protocol, t.name, {
      seconds,
      ...(runs === undefined ? {} : { runs: Number(runs) }),
      ...(seed === undefined ? {} : { seed: Number(seed) }),
    });
    reports.push(report);
    if (!report.ok) failed += 1;
    if (!args.flag('json')) {
      const heap = `${(report.heapGrowthBytes / 1024 / 1024).toFixed(1)} MiB heap growth`;
      const verdict = report.crash
        ? `CRASH on ${report.crash.inputHex.slice(0, 80)} (chunks ${report.crash.chunks.join(',')}): ${report.crash.error.split('\n')[0]}`
        : report.hang
          ? `HANG after ${report.hang.afterRuns} runs on ${report.hang.inputHex.slice(0, 80)}`
          : report.memoryGrowth
            ? `MEMORY GROWTH ${heap}`
            : 'ok';
      console.log(`${t.protocol}/${t.name}: ${report.runs} runs, seed ${report.seed}, ${heap}: ${verdict}`);
    }
  }
  if (args.flag('json')) console.log(JSON.stringify(reports, null, 2));
  else console.log(`${targets.length - failed} passed, ${failed} failed`);
  return failed > 0 ? 1 : 0;
}
