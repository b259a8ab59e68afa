import {
  ABSORBING,
  type CompiledEntry,
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
  const literals = entry.literals;
  for (let i = 0; i < literals.length; i++) {
    const [at, lit] = literals[i]!;
    if (fields[at] !== lit) return undefined;
  }
  // Literal fields stay as they are; typed slots are converted in place.
  const out: FieldValue[] = fields.slice();
  const values: Record<string, FieldValue> = {};
  const slots = entry.slots;
  for (let i = 0; i < slots.length; i++) {
    const slot = slots[i]!;
    const v = convertSlot(slot.type, fields[slot.index]!);
    if (v === NO_MATCH) return undefined;
    out[slot.index] = v;
  }
  for (let i = 0; i < slots.length; i++) {
    const slot = slots[i]!;
    if (entry.finish && (slot.type === 'base64' || slot.type === 'datetime')) {
      const v = finishSlot(slot.type, out[slot.index] as string);
      if (v === undefined) return { key: 'unknown', reason: 'malformed', fields: raw };
      out[slot.index] = v;
    }
    values[slot.name] = out[slot.index]!;
  }
  return { key: entry.key, fields: out, values } as IfcbMessage;
}
