import { type FSWatcher, watch } from 'node:fs';
import { basename, dirname } from 'node:path';

/** Editors save in bursts (write, rename, chmod): one reload per burst. */
export const RELOAD_DEBOUNCE_MS = 300;

/**
 * Calls `onChange` after the file changes. Watches the directory, not the file, because editors
 * replace files by rename and a watch on the old inode would go quiet.
 */
export function watchConfigFile(file: string, onChange: () => void): { close(): void } {
  const name = basename(file);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const watcher: FSWatcher = watch(dirname(file), (_event, changed) => {
    if (changed !== null && changed !== name) return;
    clearTimeout(timer);
    timer = setTimeout(onChange, RELOAD_DEBOUNCE_MS);
  });
  watcher.on('error', () => {});
  return {
    close() {
      clearTimeout(timer);
      watcher.close();
    },
  };
}
