import {
  ABSORBING,
  type CompiledEntry,
  MAX_FIXED_FIELDS,
  NO_MATCH,
  candidatesFor,
  convertSlot,
  finishSlot,
} from './grammar.js';
import type { FieldValue, IfcbMessage, IfcbUnknownMessage } from './message-types.js';
import { MALFORMED, applyVariableRules } from './variable-rules.js';

/**
 * Where each field of the message being parsed lies in its text: field k is
 * `text.slice(bounds[2k], bounds[2k + 1])`. Reused from call to call (parsing is synchronous), so
 * matching a fixed entry slices only its typed slots: literal fields are the entry's own strings.
 */
let bounds = new Int32Array(2 * MAX_FIXED_FIELDS);
/** The same for the absorbing step, where one slot spans several colon-separated parts. */
let absorbed = new Int32Array(2 * MAX_FIXED_FIELDS);

/**
 * Parses one instrument message (the fourth argument of `messageRelayed`) with the grammar of
 * shared/protocols/ifcb.md section 7.4. Never throws: what it cannot parse comes back as an
 * unknown-message result carrying the raw fields.
 */
export function parseIfcbMessage(text: string): IfcbMessage {
  const count = fieldBounds(text);
  const candidates = candidatesFor(text, bounds, count);
  for (let i = 0; i < candidates.length; i++) {
    const entry = candidates[i]!;
    if (entry.fields.length !== count) continue;
    // The index has compared the first two fields already when they are literals.
    const result = matchFixed(entry, text, bounds, 2);
    if (result === MALFORMED) return unknown('malformed', fieldsOf(text, count));
    if (result !== undefined) return result;
  }
  const fields = fieldsOf(text, count);
  const variable = applyVariableRules(fields);
  if (variable === MALFORMED) return unknown('malformed', fields);
  if (variable !== undefined) return variable;
  if (count > 2) {
    for (const entry of ABSORBING) {
      if (count <= entry.fields.length) continue;
      absorb(entry, count);
      const result = matchFixed(entry, text, absorbed, 0);
      if (result === MALFORMED) return unknown('malformed', fields);
      if (result !== undefined) return result;
    }
  }
  return unknown('no-match', fields);
}

function unknown(reason: IfcbUnknownMessage['reason'], fields: string[]): IfcbUnknownMessage {
  return { key: 'unknown', reason, fields };
}

/** Fills `bounds` with the fields of `text`; returns their count. */
function fieldBounds(text: string): number {
  let count = 0;
  let start = 0;
  for (;;) {
    if (2 * count + 2 > bounds.length) {
      const grown = new Int32Array(bounds.length * 2);
      grown.set(bounds);
      bounds = grown;
    }
    const at = text.indexOf(':', start);
    bounds[2 * count] = start;
    bounds[2 * count + 1] = at === -1 ? text.length : at;
    count += 1;
    if (at === -1) return count;
    start = at + 1;
  }
}

/**
 * The raw fields as text, sliced where `fieldBounds` found them (what `text.split(':')` gives,
 * without scanning the text again).
 */
function fieldsOf(text: string, count: number): string[] {
  const fields: string[] = new Array(count);
  for (let k = 0; k < count; k++) fields[k] = text.slice(bounds[2 * k]!, bounds[2 * k + 1]!);
  return fields;
}

/** Folds the surplus fields of a `count`-field message into the entry's absorbing slot, in `absorbed`. */
function absorb(entry: CompiledEntry, count: number): void {
  const length = entry.fields.length;
  if (absorbed.length < 2 * length) absorbed = new Int32Array(2 * length);
  const at = entry.absorbing;
  const surplus = count - length;
  for (let k = 0; k < length; k++) {
    const from = k <= at ? k : k + surplus;
    const to = k < at ? k : k + surplus;
    absorbed[2 * k] = bounds[2 * from]!;
    absorbed[2 * k + 1] = bounds[2 * to + 1]!;
  }
}

/**
 * Matches the message against a fixed entry of its field count, fields as `where` places them;
 * literals before `checkedBefore` are known to match. Returns undefined when the entry does not
 * apply, the message when it does, and MALFORMED when a base64 or timestamp slot fails after the
 * match (which ends the search, as in the reference).
 */
function matchFixed(
  entry: CompiledEntry,
  text: string,
  where: Int32Array,
  checkedBefore: number,
): IfcbMessage | typeof MALFORMED | undefined {
  const literals = entry.literals;
  for (let i = 0; i < literals.length; i++) {
    const [at, lit] = literals[i]!;
    if (at < checkedBefore) continue;
    const start = where[2 * at]!;
    if (where[2 * at + 1]! - start !== lit.length || !text.startsWith(lit, start)) return undefined;
  }
  // Literal fields are the entry's strings; typed slots are converted from their text.
  const out: FieldValue[] = entry.literalFields.slice();
  const slots = entry.slots;
  for (let i = 0; i < slots.length; i++) {
    const k = slots[i]!.index;
    const v = convertSlot(slots[i]!.type, text.slice(where[2 * k]!, where[2 * k + 1]!));
    if (v === NO_MATCH) return undefined;
    out[k] = v;
  }
  if (entry.finish) {
    for (let i = 0; i < slots.length; i++) {
      const slot = slots[i]!;
      if (slot.type !== 'base64' && slot.type !== 'datetime') continue;
      const v = finishSlot(slot.type, out[slot.index] as string);
      if (v === undefined) return MALFORMED;
      out[slot.index] = v;
    }
  }
  return { key: entry.key, fields: out, values: entry.values(out) } as IfcbMessage;
}
