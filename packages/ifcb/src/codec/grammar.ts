import { decodeBase64 } from './base64.js';
import { FIXED_ENTRIES } from './grammar-table.js';
import type { FieldValue } from './message-types.js';
import { convertBool, convertFloat, convertInt } from './scalars.js';
import { parseTimestamp } from './timestamp.js';

/**
 * The fixed patterns of the grammar table compiled for matching: each slot gets its converter,
 * and entries are indexed by field count and leading literals so a message is tried only against
 * the few entries it could match (the table is data; this file only arranges it).
 */

export type SlotType = 'int' | 'float' | 'bool' | 'str' | 'base64' | 'datetime';

export interface CompiledField {
  readonly lit: string | undefined;
  readonly name: string | undefined;
  readonly type: SlotType | undefined;
  readonly absorbs: boolean;
}

export interface CompiledSlot {
  readonly index: number;
  readonly name: string;
  readonly type: SlotType;
}

export interface CompiledEntry {
  readonly key: string;
  readonly fields: readonly CompiledField[];
  /** Table order, so that index lookups keep the first-match rule. */
  readonly order: number;
  readonly absorbing: number;
  /** Literal positions and texts, then typed slots: what the matcher walks. */
  readonly literals: ReadonlyArray<readonly [number, string]>;
  readonly slots: readonly CompiledSlot[];
  /** A base64 or datetime slot needs finishing after the match. */
  readonly finish: boolean;
}

/** Sentinel for a slot that does not convert (undefined is a valid "no value"). */
export const NO_MATCH: unique symbol = Symbol('no-match');

/** Converts a matched slot's text; `post` types (base64, datetime) are finished after the whole match. */
export function convertSlot(type: SlotType, text: string): FieldValue | typeof NO_MATCH {
  switch (type) {
    case 'int': {
      const v = convertInt(text);
      return v === undefined ? NO_MATCH : v;
    }
    case 'float': {
      const v = convertFloat(text);
      return v === undefined ? NO_MATCH : v;
    }
    case 'bool':
      return convertBool(text);
    default:
      return text;
  }
}

/** Decodes a base64 or datetime slot after the match; undefined means malformed. */
export function finishSlot(type: SlotType, text: string): FieldValue | undefined {
  if (type === 'base64') return decodeBase64(text);
  if (type === 'datetime') return parseTimestamp(text);
  return text;
}

const entries: CompiledEntry[] = FIXED_ENTRIES.map((e, order) => {
  const fields = e.fields.map(
    (f): CompiledField =>
      'lit' in f
        ? { lit: f.lit, name: undefined, type: undefined, absorbs: false }
        : {
            lit: undefined,
            name: f.name,
            type: f.type as SlotType,
            absorbs: 'absorbs' in f && f.absorbs === true,
          },
  );
  const literals = fields.flatMap((f, index) => (f.lit === undefined ? [] : [[index, f.lit] as const]));
  const slots = fields.flatMap((f, index) =>
    f.name === undefined ? [] : [{ index, name: f.name, type: f.type! }],
  );
  return {
    key: e.key,
    fields,
    order,
    absorbing: fields.findIndex((f) => f.absorbs),
    literals,
    slots,
    finish: slots.some((x) => x.type === 'base64' || x.type === 'datetime'),
  };
});

/** Every compiled fixed entry, in table order. */
export const FIXED: readonly CompiledEntry[] = entries;

/** Entries with an absorbing slot, in table order (step 4 of the matching algorithm). */
export const ABSORBING: readonly CompiledEntry[] = entries.filter((e) => e.absorbing >= 0);

// Index by the first field: entries whose second field is a literal are filed under it too.
// Two map lookups per message, no string building; the field count is checked by the matcher.
interface FirstFieldIndex {
  /** Entries whose second field is a slot, in table order. */
  any: CompiledEntry[] | undefined;
  /** Entries by their literal second field, in table order. */
  bySecond: Map<string, CompiledEntry[]>;
}
const index = new Map<string, FirstFieldIndex>();
for (const e of entries) {
  const [a, b] = e.fields;
  if (a?.lit === undefined) throw new Error(`grammar entry ${e.key} does not start with a literal`);
  let slot = index.get(a.lit);
  if (slot === undefined) {
    slot = { any: undefined, bySecond: new Map() };
    index.set(a.lit, slot);
  }
  if (b?.lit !== undefined) {
    const list = slot.bySecond.get(b.lit);
    if (list === undefined) slot.bySecond.set(b.lit, [e]);
    else list.push(e);
  } else if (slot.any === undefined) slot.any = [e];
  else slot.any.push(e);
}
const EMPTY: readonly CompiledEntry[] = [];

/** The fixed entries a message with these fields could match, in table order (count not yet checked). */
export function candidatesFor(fields: readonly string[]): readonly CompiledEntry[] {
  const slot = index.get(fields[0]!);
  if (slot === undefined) return EMPTY;
  const one = slot.any;
  const two = fields.length > 1 ? slot.bySecond.get(fields[1]!) : undefined;
  if (one === undefined) return two ?? EMPTY;
  if (two === undefined) return one;
  return [...one, ...two].sort((x, y) => x.order - y.order);
}
