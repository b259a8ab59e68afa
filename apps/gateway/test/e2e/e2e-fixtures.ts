import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import type { DemoSimulator, ProtocolEntry } from '../../src/protocols/registry.js';

/** Undo steps a test registers, run in reverse after it. */
export type Cleanups = Array<() => Promise<unknown>>;

/** Starts a protocol's demo simulator; it is closed with the test's cleanups. */
export async function startDemoSimulator(entry: ProtocolEntry, cleanups: Cleanups): Promise<DemoSimulator> {
  const sim = await entry.startDemoSimulator!();
  cleanups.push(async () => sim.close());
  return sim;
}

/** Writes a gateway config as YAML into a fresh temporary folder, removed with the test's cleanups. */
export async function writeTempConfig(
  prefix: string,
  config: unknown,
  cleanups: Cleanups,
): Promise<{ dir: string; file: string }> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  const file = join(dir, 'gw.yaml');
  await writeFile(file, stringify(config));
  return { dir, file };
}
