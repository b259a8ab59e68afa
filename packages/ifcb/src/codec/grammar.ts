import { decodeBase64 } from './base64.js';
import { buildCandidateIndex } from './candidate-index.js';
import { FIXED_ENTRIES } from './grammar-table.js';
import type { FieldValue } from './message-types.js';
import { convertBool, convertFloat, convertInt } from './scalars.js';
import { parseTimestamp } from './timestamp.js';
import { type ValuesBuilder, valuesBuilder } from './values-builder.js';

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
  /** `values` from the converted fields. */
  readonly values: ValuesBuilder;
  /** The fields with the literals in place and '' for slots: the start of every parsed `fields`. */
  readonly literalFields: readonly FieldValue[];
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
    values: valuesBuilder(slots),
    literalFields: fields.map((f) => f.lit ?? ''),
    finish: slots.some((x) => x.type === 'base64' || x.type === 'datetime'),
  };
});

/** Every compiled fixed entry, in table order. */
export const FIXED: readonly CompiledEntry[] = entries;

/** The most fields a fixed entry has. */
export const MAX_FIXED_FIELDS = Math.max(...entries.map((e) => e.fields.length));

/** Entries with an absorbing slot, in table order (step 4 of the matching algorithm). */
export const ABSORBING: readonly CompiledEntry[] = entries.filter((e) => e.absorbing >= 0);

const index = buildCandidateIndex(entries);

/** The fixed entries a message could match, in table order (the field count is not checked yet). */
export function candidatesFor(text: string, bounds: Int32Array, count: number): readonly CompiledEntry[] {
  return index.candidatesFor(text, bounds, count);
}
