import { HandlerCrash, type PyValue, pyContains, pyGetItem, pyList, pyStr } from '../python/index.js';
import { type SimulatedHost, fileObject, seriesObject } from './host.js';
import type { ServerLog } from '../server/server-log.js';

/**
 * `decodeMessage` of the reference `TestServerApp.py` (§4.3–4.5), statement by statement, with
 * Python's `in` and indexing semantics. Returns the reply; throws HandlerCrash where CPython
 * would raise out of the handler (the server then closes with 1011).
 */
export async function dispatchExample(
  message: PyValue,
  host: SimulatedHost,
  log: ServerLog,
  options: { successToken?: string; quit?: boolean } = {},
): Promise<string> {
  const ok = options.successToken ?? 'O.k.';
  if (pyContains(message, 'image')) {
    for (const p of ['file', 'name', 'focal_length']) {
      if (!pyContains(pyGetItem(message, 'image'), p))
        return `Error: Missing parameter '${p}' in 'image' request.`;
    }
    const image = pyGetItem(message, 'image');
    const file = pyGetItem(image, 'file');
    const name = pyGetItem(image, 'name');
    const focalLength = pyGetItem(image, 'focal_length');
    if (!host.isReadableFile(file)) return `Error: Image file ${pyStr(file)} could not be read.`;
    if (host.lookupSeries(name) === undefined) {
      // Not guarded in the reference: a failing create escapes the handler.
      try {
        await host.call('create_measurement_series_for_other_images', [
          ['camera_focal_length', focalLength],
          ['name', name],
        ]);
      } catch (err) {
        throw new HandlerCrash('gom.RequestError', (err as Error).message);
      }
    }
    try {
      log.print(
        `Loading image from ${pyStr(file)} as '${pyStr(name)}' with focal_length ${pyStr(focalLength)}`,
      );
      const series = host.lookupSeries(name);
      if (series === undefined) throw new Error('series not found');
      await host.call('import_other_images', [
        ['image_files', pyList([fileObject(file)])],
        ['measurement_series', seriesObject(series)],
      ]);
    } catch {
      return `Error: Image could not be imported from file ${pyStr(file)}.`;
    }
    return ok;
  }
  if (pyContains(message, 'elements')) {
    for (const p of ['file', 'import_mode']) {
      if (!pyContains(pyGetItem(message, 'elements'), p))
        return `Error: Missing parameter '${p}' in 'elements' request.`;
    }
    const elements = pyGetItem(message, 'elements');
    const file = pyGetItem(elements, 'file');
    const importMode = pyGetItem(elements, 'import_mode');
    if (!host.isReadableFile(file)) return `Error: Elements file ${pyStr(file)} could not be read.`;
    try {
      log.print(`Importing elements from ${pyStr(file)} with import mode '${pyStr(importMode)}'`);
      await host.call('import_gom_inspection_exchange', [
        // `files=[file]`: the path itself here, not a File object as for images.
        ['files', pyList([file])],
        ['import_mode', importMode],
      ]);
    } catch {
      return `Error: Elements could not be imported from file ${pyStr(file)} with import mode ${pyStr(importMode)}.`;
    }
    return ok;
  }
  // The legacy TCP server shares this dispatcher without the quit branch.
  if (options.quit !== false && pyContains(message, 'quit')) return 'bye';
  return `Error: Unknown request:\n${pyStr(message)}`;
}
