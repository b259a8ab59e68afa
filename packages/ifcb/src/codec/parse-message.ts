import {
  ABSORBING,
  type CompiledEntry,
  type CompiledField,
  NO_MATCH,
  candidatesFor,
  convertSlot,
  finishSlot,
} from './grammar.js';
import type { FieldValue, IfcbMessage } from './message-types.js';
import { MALFORMED, applyVariableRules } from './variable-rules.js';

/**
 * Parses one instrument message (the fourth argument of `messageRelayed`) with the grammar of
 * shared/protocols/ifcb.md section 7.4. Never throws: what it cannot parse comes back as an
 * unknown-message result carrying the raw fields.
 */
export function parseIfcbMessage(text: string): IfcbMessage {
  const fields = text.split(':');
  const candidates = candidatesFor(fields);
  for (let i = 0; i < candidates.length; i++) {
    if (candidates[i]!.fields.length !== fields.length) continue;
    const result = matchFixed(candidates[i]!, fields, fields);
    if (result !== undefined) return result;
  }
  const variable = applyVariableRules(fields);
  if (variable === MALFORMED) return { key: 'unknown', reason: 'malformed', fields };
  if (variable !== undefined) return variable;
  if (fields.length > 2) {
    for (const entry of ABSORBING) {
      if (fields.length <= entry.fields.length) continue;
      const result = matchFixed(entry, absorb(entry, fields), fields);
      if (result !== undefined) return result;
    }
  }
  return { key: 'unknown', reason: 'no-match', fields };
}

/** Folds the surplus fields into the entry's absorbing slot (left part, joined middle, right part). */
function absorb(entry: CompiledEntry, fields: readonly string[]): string[] {
  const at = entry.absorbing;
  const after = entry.fields.length - at - 1;
  const end = fields.length - after;
  return [...fields.slice(0, at), fields.slice(at, end).join(':'), ...fields.slice(end)];
}

/**
 * Matches `fields` (already the entry's length) against a fixed entry. Returns undefined when it
 * does not apply, the message when it does, and an unknown/malformed result when a base64 or
 * timestamp slot fails after the match (which ends the search, as in the reference).
 */
function matchFixed(entry: CompiledEntry, fields: readonly string[], raw: string[]): IfcbMessage | undefined {
  const spec = entry.fields;
  const out: FieldValue[] = new Array(spec.length);
  for (let i = 0; i < spec.length; i++) {
    const f = spec[i] as CompiledField;
    const text = fields[i]!;
    if (f.lit !== undefined) {
      if (text !== f.lit) return undefined;
      out[i] = text;
      continue;
    }
    const v = convertSlot(f.type!, text);
    if (v === NO_MATCH) return undefined;
    out[i] = v;
  }
  const values: Record<string, FieldValue> = {};
  for (let i = 0; i < spec.length; i++) {
    const f = spec[i] as CompiledField;
    if (f.name === undefined) continue;
    if (f.type === 'base64' || f.type === 'datetime') {
      const v = finishSlot(f.type, out[i] as string);
      if (v === undefined) return { key: 'unknown', reason: 'malformed', fields: raw };
      out[i] = v;
    }
    values[f.name] = out[i]!;
  }
  return { key: entry.key, fields: out, values } as IfcbMessage;
}
