/**
 * Codec throughput against the platform's JSON in the same run (baseline: JSON.stringify /
 * JSON.parse of the same data). Our encoder does more than JSON.stringify (Python layout, float
 * repr) and our server-side parser more than JSON.parse (Python semantics), so the question is
 * how much that costs, not whether we win.
 */
import { bench, describe } from 'vitest';
import { classifyReply, encodeRequest, parsePyJson, pyJsonDumps, pyStr } from '../dist/index.js';

const image = { command: 'image', file: 'C:/temp/example.jpg', name: 'Série Ä', focalLength: 50 } as const;
const imageJson = { image: { file: image.file, name: image.name, focal_length: '50.0' } };
const body = {
  element: 'circle',
  center: ['1.0', '-2.0', '3.0'],
  radius: 10.5,
  points: Array.from({ length: 50 }, (_, i) => ({ x: i * 0.25, y: -i, label: `p${i} "q"` })),
};
const bodyText = pyJsonDumps(body);
const replies = [
  'O.k.',
  'Error: Elements could not be imported from file C:/x/points.gxml with import mode new_stage.',
  `Error: Unknown request:\n${"{'foo': 1, 'bar': [1, 2.5, None]}".repeat(20)}`,
];
const replyJson = replies.map((r) => JSON.stringify(r));

describe('encode an image request', () => {
  bench('encodeRequest (Python layout, float repr)', () => {
    encodeRequest(image);
  });
  bench('baseline JSON.stringify', () => {
    JSON.stringify(imageJson);
  });
});

describe('encode a 3 KB custom body', () => {
  bench('pyJsonDumps', () => {
    pyJsonDumps(body);
  });
  bench('baseline JSON.stringify', () => {
    JSON.stringify(body);
  });
});

describe('decode replies', () => {
  bench('classifyReply', () => {
    for (const r of replies) classifyReply(r);
  });
  bench('baseline JSON.parse of the same texts as JSON strings', () => {
    for (const r of replyJson) JSON.parse(r);
  });
});

describe('server: parse a 3 KB request', () => {
  bench('parsePyJson (Python json.loads semantics)', () => {
    parsePyJson(bodyText);
  });
  bench('parsePyJson + str() echo', () => {
    const r = parsePyJson(bodyText);
    if (r.ok) pyStr(r.value);
  });
  bench('baseline JSON.parse', () => {
    JSON.parse(bodyText);
  });
});
