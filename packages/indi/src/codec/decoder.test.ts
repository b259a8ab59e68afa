import { deflateSync } from 'node:zlib';
import { type LabwireError, isLabwireError } from '@labwire/core';
import { arbFuzzInput, arbSplit, splitBytes, standardSplits } from '@labwire/testkit';
import { conformanceDir, loadSuites } from '@labwire/testkit/vectors';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalMessage } from '../conformance/canonical.js';
import { createIndiDecoder, type IndiDecoderOptions, type IndiDecoderPaths } from './decoder.js';
import type { IndiMessage } from './messages.js';

function decode(chunks: readonly Uint8Array[], options?: IndiDecoderOptions) {
  const messages: IndiMessage[] = [];
  const errors: LabwireError[] = [];
  const decoder = createIndiDecoder(
    { message: (m) => messages.push(m), error: (e) => errors.push(e) },
    options,
  );
  for (const c of chunks) decoder.write(c);
  return { messages, errors, decoder };
}

function canonical(
  bytes: Uint8Array,
  strategy = { kind: 'whole' } as Parameters<typeof splitBytes>[1],
  paths?: IndiDecoderPaths,
  options?: IndiDecoderOptions,
) {
  const out: unknown[] = [];
  const decoder = createIndiDecoder(
    {
      message: (m) => out.push(canonicalMessage(m)),
      error: (e) => out.push({ error: e.code, message: e.message }),
    },
    options,
    paths,
  );
  for (const c of splitBytes(bytes, strategy)) decoder.write(c);
  decoder.end();
  out.push({ counters: { ...decoder.counters } });
  return out;
}

const FRAMED_ONLY: IndiDecoderPaths = { direct: false };

/** Pieces of streams that take the decoder down every road between its two paths. */
const STREAM_PIECES = [
  '<defNumberVector device="Telescope" name="EQ" label="Eq &amp; Co" state="Idle" perm="rw" timeout="60">\n    <defNumber name="RA" label="RA" format="%010.6m" min="0" max="24" step="0">\n12:30:00\n    </defNumber>\n</defNumberVector>\n',
  '<setSwitchVector device="T" name="S" state="Ok"><oneSwitch name="A">On</oneSwitch><oneSwitch name="B">Off</oneSwitch></setSwitchVector>',
  '<message device="T" message="a &amp;&lt;b&gt; &quot;q&apos; &x &#65; & done"/>',
  '<defTextVector device="T" name="X"><defText name="t">caf\u00e9 \u2603 \ud83d\udd2d</defText></defTextVector>',
  '<setBLOBVector device="C" name="B" state="Ok"><oneBLOB name="B" size="5" format=".bin" len="5">aGVs\nbG8=</oneBLOB></setBLOBVector>',
  '<setBLOBVector device="C" name="B"><oneBLOB name="B" size="0" format=".bin"/></setBLOBVector>',
  `<message device="T" message="${'long '.repeat(30)}"/>`,
  '<pingRequest uid="1"/>',
  '<unknownThing a="1"><x/></unknownThing>',
  '<?xml version="1.0"?>',
  '<!-- a comment -->',
  '</defTextVector>',
  '</r>',
  '<bogus attr=novalue/>',
  '<defSwitchVector device="T" name="S"><defSwitch name="a">On</defSwitch>',
  '<setNumberVector device="T" name="N"><oneNumber name="n">1.5</oneNumber></setNumberVector>',
  '<setTextVector device="T" name="X"><oneText name="t"><![CDATA[a <b> c]]></oneText></setTextVector>',
  "<newSwitchVector device='d\"' name=\"n>/\" ><oneSwitch name='s>'>On</oneSwitch></newSwitchVector>",
  '<message device="T" message="tab\there\r\nline\u0001"/>\r\n',
  '<setNumberVector device="T" name="N" state="Busy"/>',
  '<defNumberVector device="T" name="D"><defNumber name="a" min="0" max="1e3" step="0.5">-01:30:00</defNumber><nested><deeper/></nested></defNumberVector>',
  '<enableBLOB device="C">  Also  </enableBLOB>',
  '<setBLOBVector device="C" name="B"><oneBLOB name="B" size="16" format=".bin.z" len="16">eJxjZEQFAACYABE=</oneBLOB></setBLOBVector>',
  '&am',
  'p;',
  '&lt;',
  '\ufeff',
  '\u00e9',
  'garbage text ',
  '\n  \n',
  ' ',
  '&',
  '<',
  '>',
];

const samples = loadSuites([conformanceDir('indi')])
  .flatMap((s) => s.cases)
  .filter((c) => c.kind === 'decode')
  .map((c) => ({
    id: c.id,
    bytes:
      typeof c.plain.hex === 'string'
        ? Buffer.from(c.plain.hex, 'hex')
        : Buffer.from(String(c.plain.xml), 'utf8'),
  }));

describe('INDI decoder, split anywhere', () => {
  for (const { id, bytes } of samples) {
    it(`${id}: every split gives the same messages`, () => {
      const whole = canonical(bytes);
      for (const strategy of standardSplits()) {
        if (strategy.kind === 'every-byte' && bytes.byteLength > 100_000) continue;
        expect(canonical(bytes, strategy), JSON.stringify(strategy)).toEqual(whole);
      }
    });
  }

  it('fast-check: random splits of mutated vectors decode the same, on either path, and never throw', () => {
    const small = samples.filter((s) => s.bytes.byteLength < 20_000).map((s) => new Uint8Array(s.bytes));
    fc.assert(
      fc.property(
        arbFuzzInput(small).chain((input) => fc.tuple(fc.constant(input), arbSplit(input.byteLength))),
        ([input, split]) => {
          const whole = canonical(input);
          expect(canonical(input, split)).toEqual(whole);
          expect(canonical(input, split, FRAMED_ONLY)).toEqual(whole);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('fast-check: the direct path gives what the framed path gives on streams of good, bad and BLOB elements', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...STREAM_PIECES), { maxLength: 24 }),
        fc.integer({ min: 1, max: 4096 }),
        fc.integer(),
        fc.constantFrom(96, 400, 1 << 20),
        (pieces, maxChunk, seed, maxElementBytes) => {
          const bytes = Buffer.from(pieces.join(''), 'utf8');
          const split = { kind: 'random', seed, maxChunk } as const;
          const direct = canonical(bytes, split, {}, { maxElementBytes });
          expect(direct).toEqual(canonical(bytes, split, FRAMED_ONLY, { maxElementBytes }));
          // And the split does not matter.
          expect(direct).toEqual(canonical(bytes, { kind: 'whole' }, {}, { maxElementBytes }));
        },
      ),
      { numRuns: 400 },
    );
  });

  it('fast-check: errors are coded LabwireErrors', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 512 }), (input) => {
        const { errors } = decode([input]);
        for (const e of errors) expect(isLabwireError(e)).toBe(true);
      }),
    );
  });
});

describe('INDI decoder, bad input', () => {
  const enc = (s: string) => Buffer.from(s, 'utf8');

  it('finds tag ends past quoted `>`, `/` and the other quote, however the bytes are split', () => {
    const xml =
      `<getProperties version='1.7' device="a>b/"/>\n` +
      `<newSwitchVector device='d"' name="n>" ><oneSwitch name='s>'>On</oneSwitch></newSwitchVector>\n` +
      `<pingRequest uid="x" />`;
    const bytes = Buffer.from(xml);
    for (const strategy of standardSplits([1, 2, 3, 4, 5, 6])) {
      const { messages, errors } = decode(splitBytes(bytes, strategy));
      expect(errors).toEqual([]);
      expect(messages).toMatchObject([
        { type: 'getProperties', version: '1.7', device: 'a>b/' },
        { type: 'newSwitchVector', device: 'd"', name: 'n>', members: [{ name: 's>', value: 'On' }] },
        { type: 'pingRequest', uid: 'x' },
      ]);
    }
  });

  it('counts unknown elements and skips them', () => {
    const { messages, errors, decoder } = decode([
      enc('<foo a="1"><bar/></foo><pingRequest uid="x"/><switchProtocol/>'),
    ]);
    expect(messages).toEqual([{ type: 'pingRequest', uid: 'x' }]);
    expect(errors).toEqual([]);
    expect(decoder.counters.unknownElements).toBe(2);
  });

  it('reports an unquoted attribute and resynchronises at the next element', () => {
    const { messages, errors } = decode([enc('<bogus attr=novalue/>\n<pingReply uid="ok"/>')]);
    expect(errors.map((e) => e.code)).toEqual(['INDI_XML_MALFORMED']);
    expect(messages).toEqual([{ type: 'pingReply', uid: 'ok' }]);
  });

  it('reports an end tag at top level', () => {
    const { messages, errors } = decode([enc('</message><pingReply uid="ok"/>')]);
    expect(errors.map((e) => e.code)).toEqual(['INDI_XML_MALFORMED']);
    expect(messages).toHaveLength(1);
  });

  it('drops an element over the size limit before buffering it, then carries on', () => {
    const big = `<message device="D" message="${'x'.repeat(5000)}"/>`;
    const { messages, errors, decoder } = decode([enc(big), enc('<pingReply uid="after"/>')], {
      maxElementBytes: 1024,
    });
    expect(errors.map((e) => e.code)).toEqual(['LIMIT_EXCEEDED']);
    expect(messages).toEqual([{ type: 'pingReply', uid: 'after' }]);
    expect(decoder.buffered).toBe(0);
  });

  it('stops a BLOB over the BLOB limit', () => {
    const body = Buffer.alloc(4000, 7).toString('base64');
    const xml = `<setBLOBVector device="D" name="B"><oneBLOB name="B" size="4000" format=".bin">${body}</oneBLOB></setBLOBVector><pingReply uid="after"/>`;
    const { messages, errors } = decode(splitBytes(enc(xml), { kind: 'random', seed: 3, maxChunk: 100 }), {
      maxBlobBytes: 1000,
    });
    expect(errors.map((e) => e.code)).toEqual(['LIMIT_EXCEEDED']);
    expect(messages).toEqual([{ type: 'pingReply', uid: 'after' }]);
  });

  it('stops an inflate bomb at the ratio limit', () => {
    const bomb = deflateSync(Buffer.alloc(20 * 1024 * 1024));
    const xml = `<setBLOBVector device="D" name="B"><oneBLOB name="B" size="${20 * 1024 * 1024}" format=".bin.z">${bomb.toString('base64')}</oneBLOB></setBLOBVector>`;
    const { messages, errors } = decode([enc(xml)]);
    expect(bomb.byteLength * 1000).toBeLessThan(20 * 1024 * 1024);
    expect(errors.map((e) => e.code)).toEqual(['LIMIT_EXCEEDED']);
    expect(messages).toEqual([]);
  });

  it('stops an inflate bomb at the size limit', () => {
    const payload = deflateSync(Buffer.alloc(100_000, 1));
    const xml = `<setBLOBVector device="D" name="B"><oneBLOB name="B" size="100000" format=".bin.z">${payload.toString('base64')}</oneBLOB></setBLOBVector>`;
    expect(decode([enc(xml)], { maxInflateBytes: 50_000 }).errors.map((e) => e.code)).toEqual([
      'LIMIT_EXCEEDED',
    ]);
    const ok = decode([enc(xml)]);
    expect(ok.errors).toEqual([]);
  });

  it('reports a .z BLOB that is not zlib', () => {
    const xml = `<setBLOBVector device="D" name="B"><oneBLOB name="B" size="3" format=".bin.z">AAAA</oneBLOB></setBLOBVector>`;
    expect(decode([enc(xml)]).errors.map((e) => e.code)).toEqual(['INDI_BLOB_INFLATE']);
  });

  it('holds nothing of endless text between elements, and decodes the element after it', () => {
    const junk = enc('no markup here, just text. '.repeat(2500));
    const messages: IndiMessage[] = [];
    const decoder = createIndiDecoder({
      message: (m) => messages.push(m),
      error: (e) => expect.fail(e.message),
    });
    for (let k = 0; k < 40; k++) {
      decoder.write(junk);
      expect(decoder.buffered).toBe(0);
    }
    decoder.write(enc('<pingRequest uid="after"/>'));
    expect(messages).toEqual([{ type: 'pingRequest', uid: 'after' }]);
  });

  it('reports a stream that ends inside an element as TRUNCATED', () => {
    const errors: LabwireError[] = [];
    const decoder = createIndiDecoder({ message: () => {}, error: (e) => errors.push(e) });
    decoder.write(enc('<message device="D"'));
    decoder.end();
    expect(errors.map((e) => e.code)).toEqual(['TRUNCATED']);
  });
});
