// `pnpm start`: the main job of labwire on a fresh machine. Until the gateway lands this builds
// (done by the package script) and runs the conformance suite over every protocol's vectors.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const shared = process.env.LABWIRE_SHARED_DIR ?? join(dirname(root), 'shared');
const protocols = readdirSync(join(shared, 'conformance'), { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .filter((p) => {
    const adapter = join(root, 'packages', p, 'src', 'conformance', 'index.ts');
    return existsSync(adapter) && readFileSync(adapter, 'utf8').includes('export default');
  });
const args = [
  join(root, 'packages/conformance/dist/cli.js'),
  ...protocols.map((p) => join(shared, 'conformance', p)),
];
if (protocols.length === 0) {
  console.log('no protocol package exports a conformance adapter yet');
  process.exit(0);
}
const r = spawnSync(process.execPath, args, { stdio: 'inherit' });
process.exit(r.status ?? 1);
