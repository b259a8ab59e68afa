import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/**
 * Where the golden vectors live: `$LABWIRE_SHARED_DIR/conformance` when set, else the `shared`
 * folder beside the repository checkout (found by walking up to pnpm-workspace.yaml).
 * Suites are read in place, never copied into the repository.
 */
export function sharedDir(from: string = process.cwd()): string {
  const fromEnv = process.env.LABWIRE_SHARED_DIR;
  if (fromEnv !== undefined && fromEnv !== '') return resolve(fromEnv);
  let dir = resolve(from);
  for (;;) {
    if (existsSync(join(dir, 'pnpm-workspace.yaml'))) return join(dirname(dir), 'shared');
    const parent = dirname(dir);
    if (parent === dir) return resolve(from, '..', 'shared');
    dir = parent;
  }
}

export function conformanceDir(protocol?: string, from?: string): string {
  const base = join(sharedDir(from), 'conformance');
  return protocol === undefined ? base : join(base, protocol);
}

export function protocolDocPath(protocol: string, from?: string): string {
  return join(sharedDir(from), 'protocols', `${protocol}.md`);
}
