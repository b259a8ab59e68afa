import { conformanceDir, loadSuites } from '@labwire/testkit/vectors';
import { fitsFrame } from '../dist/simulator/fits-frame.js';

/** A definition-heavy stream: indiserver's warm 4-driver getProperties reply (29 KB), repeated. */
export function definitionStream(repeat: number): Buffer {
  const suite = loadSuites([conformanceDir('indi')]).find((s) =>
    s.cases.some((c) => c.id === 'transcript-getprops-warm-dump'),
  )!;
  const xml = String(suite.cases.find((c) => c.id === 'transcript-getprops-warm-dump')!.plain.xml);
  return Buffer.from(xml.repeat(repeat), 'utf8');
}

/** One setBLOBVector carrying a `width`×`height` 16-bit FITS frame, base64 on one line as indiserver sends it. */
export function blobStream(width: number, height: number): Buffer {
  const frame = fitsFrame(width, height);
  const head = `<setBLOBVector device="CCD Simulator" name="CCD1" state="Ok" timeout="60" timestamp="2026-11-21T20:00:00">\n    <oneBLOB name="CCD1" size="${frame.byteLength}" format=".fits" len="${frame.byteLength}">\n`;
  const tail = '\n    </oneBLOB>\n</setBLOBVector>\n';
  return Buffer.concat([
    Buffer.from(head),
    Buffer.from(Buffer.from(frame).toString('base64')),
    Buffer.from(tail),
  ]);
}
