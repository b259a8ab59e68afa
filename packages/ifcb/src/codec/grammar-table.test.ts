import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { conformanceDir } from '@labwire/testkit/vectors';
import { describe, expect, it } from 'vitest';
import { FIXED_ENTRIES, GRAMMAR_REFERENCE, KNOWN_COMMANDS, VARIABLE_KEYS } from './grammar-table.js';

// The package carries its own copy of the grammar (generated); it must equal the shared table.
const shared = JSON.parse(readFileSync(join(conformanceDir('ifcb'), 'messages.json'), 'utf8')) as {
  format: string;
  reference: string;
  fixed: Array<{ key: string; fields: Array<Record<string, unknown>> }>;
  variable: Array<{ key: string }>;
  commands: Array<{ text: string }>;
};

describe('grammar-table.ts', () => {
  it('comes from a labwire-ifcb-grammar/1 table of the same reference', () => {
    expect(shared.format).toBe('labwire-ifcb-grammar/1');
    expect(GRAMMAR_REFERENCE).toBe(shared.reference);
  });

  it('holds the same fixed entries, in the same order, with the same fields', () => {
    const mine = FIXED_ENTRIES.map((e) => ({ key: e.key, fields: e.fields.map((f) => ({ ...f })) }));
    const theirs = shared.fixed.map((e) => ({ key: e.key, fields: e.fields }));
    expect(mine).toEqual(theirs);
  });

  it('holds the same variable rules in the same order', () => {
    expect([...VARIABLE_KEYS]).toEqual(shared.variable.map((v) => v.key));
  });

  it('holds the same known commands', () => {
    expect([...KNOWN_COMMANDS]).toEqual(shared.commands.map((c) => c.text));
  });
});
