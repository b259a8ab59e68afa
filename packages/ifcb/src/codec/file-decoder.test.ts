import { describe, expect, it } from 'vitest';
import { IfcbFileDecoder, type IfcbFile } from './file-decoder.js';
import { parseIfcbMessage } from './parse-message.js';

function run(lines: string[], options = {}) {
  const files: IfcbFile[] = [];
  const errors: string[] = [];
  const d = new IfcbFileDecoder({ file: (f) => files.push(f), error: (e) => errors.push(e.code) }, options);
  for (const l of lines) d.write(parseIfcbMessage(l));
  return { files, errors, pending: d.pending };
}

describe('IfcbFileDecoder', () => {
  it('joins text chunks by index (chunks may contain ":") and decodes binary chunks from base64', () => {
    const out = run([
      'file:start:C:\\x.hdr:2:text/plain',
      'file:start:y.roi:2:octet/stream',
      'file:chunk:y.roi:1:BAU=',
      'file:chunk:x.hdr:1:b: 2',
      'file:chunk:y.roi:0:AAECAw==',
      'file:end:y.roi',
    ]);
    expect(out.files).toHaveLength(1);
    expect([...out.files[0]!.data]).toEqual([0, 1, 2, 3, 4, 5]);
    expect(out.pending).toBe(1);
  });

  it('reports chunks without a start, bad base64, missing chunks and oversized files', () => {
    const out = run(
      [
        'file:chunk:nope:0:AAAA',
        'file:start:a.roi:3:octet/stream',
        'file:chunk:a.roi:0:AAA',
        'file:chunk:a.roi:7:AAAA',
        'file:end:a.roi',
        'file:start:big.roi:1:octet/stream',
        `file:chunk:big.roi:0:${'A'.repeat(400)}`,
      ],
      { maxFileBytes: 100 },
    );
    expect(out.errors).toEqual([
      'IFCB_FILE_SEQUENCE',
      'IFCB_FILE_CHUNK',
      'IFCB_FILE_SEQUENCE',
      'IFCB_FILE_SEQUENCE',
      'IFCB_FILE_LIMIT',
    ]);
    expect(out.files[0]?.missing).toEqual([0, 1, 2]);
  });
});
