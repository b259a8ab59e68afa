import { conformanceDir, loadSuites } from '@labwire/testkit/vectors';

const TEXT_FIELDS = new Set(['xml', 'text', 'message', 'reply']);

function collect(value: unknown, key: string, out: Uint8Array[]): void {
  if (typeof value === 'string') {
    if (key === 'hex' || key.endsWith('Hex')) {
      if (/^([0-9a-f]{2})+$/.test(value)) out.push(new Uint8Array(Buffer.from(value, 'hex')));
    } else if (TEXT_FIELDS.has(key) && value.length > 0) {
      out.push(new TextEncoder().encode(value));
    }
    return;
  }
  if (Array.isArray(value)) {
    for (const v of value) collect(v, key === 'chunks' ? 'hex' : key, out);
    return;
  }
  if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) collect(v, k, out);
  }
}

/**
 * Real wire bytes from a protocol's visible vectors (fields named `hex`, `…Hex`, `chunks`, and
 * the text of `xml`/`text`/`message`/`reply` fields): the seeds the fuzzer mutates.
 */
export function vectorSamples(protocol: string, limit = 400): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (const suite of loadSuites([conformanceDir(protocol)])) {
    for (const c of suite.cases) collect(c.json, '', out);
  }
  const unique = new Map(out.map((b) => [Buffer.from(b).toString('hex'), b]));
  return [...unique.values()].filter((b) => b.byteLength <= 256 * 1024).slice(0, limit);
}
