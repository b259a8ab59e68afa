import { decodeBase64 } from './base64.js';
import type { FieldValue, IfcbMessage, JsonValue, Roi } from './message-types.js';
import { convertFloat, convertInt } from './scalars.js';

/**
 * The variable-length rules of the grammar (messages.json `variable`, in its order): messages
 * whose field count depends on their content. Each returns a message, `MALFORMED` when the rule
 * applies but the content is invalid, or undefined when the rule does not apply.
 */

export const MALFORMED: unique symbol = Symbol('malformed');
type RuleResult = IfcbMessage | typeof MALFORMED | undefined;

const join = (fields: readonly string[], from: number) =>
  from >= fields.length ? '' : fields.slice(from).join(':');

function toInt(text: string | undefined): number | bigint | undefined {
  return text === undefined ? undefined : convertInt(text);
}

/** N triples top:int, left:int, image:base64 from `at`; MALFORMED when one does not convert or is missing. */
function readRois(fields: readonly string[], at: number, count: number): Roi[] | typeof MALFORMED {
  const rois: Roi[] = [];
  for (let i = 0; i < count; i++) {
    const base = at + 3 * i;
    const top = toInt(fields[base]);
    const left = toInt(fields[base + 1]);
    const imageText = fields[base + 2];
    if (top === undefined || left === undefined || imageText === undefined) return MALFORMED;
    const image = decodeBase64(imageText);
    if (image === undefined) return MALFORMED;
    rois.push({ top, left, image });
  }
  return rois;
}

const roiTuple = (r: Roi): FieldValue => [r.top, r.left, r.image];

function triggerRois(fields: readonly string[]): RuleResult {
  const count = toInt(fields[1]);
  if (count === undefined) return MALFORMED;
  const n = Number(count);
  if (fields.length !== 2 + 3 * n) return MALFORMED;
  const rois = readRois(fields, 2, n);
  if (rois === MALFORMED) return MALFORMED;
  return { key: 'triggerrois', fields: ['triggerrois', rois.map(roiTuple)], values: { rois } };
}

function triggerContent(fields: readonly string[]): RuleResult {
  const ri = fields.indexOf('rois', 1);
  if (ri < 0) return MALFORMED;
  // A map without a prototype: DAQ keys come from the instrument and may be any text.
  const daq: Record<string, number> = Object.create(null);
  for (let i = 2; i < ri - 1; i += 2) {
    const v = convertFloat(fields[i + 1]!);
    if (v === undefined) return MALFORMED;
    daq[fields[i]!] = v;
  }
  const count = toInt(fields[ri + 1]);
  if (count === undefined) return MALFORMED;
  const n = Number(count);
  if (n > 0 && fields.length < ri + 2 + 3 * n) return MALFORMED;
  const rois = n > 0 ? readRois(fields, ri + 2, n) : [];
  if (rois === MALFORMED) return MALFORMED;
  return {
    key: 'triggercontent',
    fields: ['triggercontent', daq, rois.map(roiTuple)],
    values: { daq, rois },
  };
}

function interactiveLoad(fields: readonly string[]): RuleResult {
  let routine: unknown;
  try {
    routine = JSON.parse(join(fields, 3));
  } catch {
    return MALFORMED;
  }
  if (!Array.isArray(routine)) return MALFORMED;
  const items = routine as JsonValue[];
  return {
    key: 'valuechanged.interactive.load',
    fields: ['valuechanged', 'interactive', 'load', ...items],
    values: { routine: items },
  };
}

/** Applies the first variable rule whose condition holds. */
export function applyVariableRules(fields: string[]): RuleResult {
  const f0 = fields[0];
  const f1 = fields[1];
  if (f0 === 'reportevent') {
    const text = join(fields, 1);
    return { key: 'reportevent', fields: ['reportevent', text], values: { text } };
  }
  if (f0 === 'file' && f1 === 'chunk') {
    if (fields.length < 4) return MALFORMED;
    const index = convertInt(fields[3]!);
    if (index === undefined) return MALFORMED;
    const filename = fields[2]!;
    const data = join(fields, 4);
    return {
      key: 'file.chunk',
      fields: ['file', 'chunk', filename, index, data],
      values: { filename, index, data },
    };
  }
  if (f0 === 'valuechanged' && f1 === 'interactive' && fields[2] === 'load') return interactiveLoad(fields);
  if (f0 === 'file' && f1 === 'list') {
    const names = fields.slice(2);
    return { key: 'file.list', fields: ['file', 'list', names], values: { names } };
  }
  if (f0 === 'triggerrois') return triggerRois(fields);
  if (f0 === 'triggercontent') return triggerContent(fields);
  if (f0 === 'valuechanged') {
    if (f1 === 'interactive' && (fields[2] === 'listgroups' || fields[2] === 'liststeps')) {
      const key =
        fields[2] === 'listgroups'
          ? 'valuechanged.interactive.listgroups'
          : 'valuechanged.interactive.liststeps';
      return { key, fields: [...fields], values: { items: fields.slice(3) } };
    }
    if (f1 === 'currentgpsposition' || f1 === 'samplegpsposition') {
      const position = join(fields, 2);
      const key =
        f1 === 'currentgpsposition' ? 'valuechanged.currentgpsposition' : 'valuechanged.samplegpsposition';
      return { key, fields: ['valuechanged', f1, position], values: { position } };
    }
  }
  return undefined;
}
