import { writeFileSync } from 'node:fs';
import { readCapture } from '../capture/format.js';
import { captureToSuite } from '../capture/to-vectors.js';
import type { CommandArgs } from './args.js';

export const TO_VECTORS_USAGE = `labwire-conformance to-vectors <capture file> --out <suite.json> [--title <text>] [--id-prefix <text>]
    [--driver <indi driver> …]

Turns a capture into a labwire-vectors/1 suite of session/exchange cases whose expected values
are what the real peer sent (never what our decoder made of it), so a bug seen on a real
instrument becomes a regression test. INDI: --driver names the drivers the server ran.`;

export async function toVectorsCommand(args: CommandArgs): Promise<number> {
  const file = args.positional[0];
  if (file === undefined) throw new Error('a capture file is required');
  const out = args.required('out');
  const capture = readCapture(file);
  const suite = await captureToSuite(capture, {
    source: file,
    title: args.optional('title'),
    idPrefix: args.optional('id-prefix'),
    drivers: args.all('driver'),
  });
  writeFileSync(out, `${JSON.stringify(suite, null, 2)}\n`);
  console.log(`wrote ${suite.cases.length} case(s) to ${out}`);
  return 0;
}
