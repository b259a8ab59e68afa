/**
 * Which fixed entries a message could match, from its first two fields read in place: a trie over
 * the literal first and second fields of the grammar table, kept as one transition table, walked
 * a character at a time. The alternatives measured slower: Map lookups of the sliced fields
 * (100-230 ns a message, for hashing fresh strings) and comparing slices with the literals of
 * their length (string equality against an interned literal costs more than the walk).
 */

/** What the index needs of an entry: its fields (literal or not) and its table order. */
export interface IndexedEntry {
  readonly fields: ReadonlyArray<{ readonly lit: string | undefined }>;
  readonly order: number;
}

export interface CandidateIndex<E extends IndexedEntry> {
  /**
   * The entries the message could match, in table order (the field count is not checked here).
   * `bounds` holds the start and end of each field in `text` (field k at 2k and 2k + 1); `count`
   * is the number of fields.
   */
  candidatesFor(text: string, bounds: Int32Array, count: number): readonly E[];
}

/** Literals are ASCII (checked while building), so a state's row has 128 cells. */
const WIDTH = 128;

/** The transition table under construction: state × character → state, -1 for none. */
class TrieBuilder {
  table = new Int32Array(WIDTH * 256).fill(-1);
  states = 1;

  /** The state after `text` from `from`, adding states as needed. */
  add(from: number, text: string): number {
    let s = from;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c >= WIDTH || c === 58)
        throw new Error(`grammar literal ${JSON.stringify(text)} is not plain ASCII`);
      const cell = s * WIDTH + c;
      if (this.table[cell] === -1) {
        const to = this.root(); // may replace the table: read it after
        this.table[cell] = to;
      }
      s = this.table[cell]!;
    }
    return s;
  }

  /** A fresh root, for the second literals that follow one first literal. */
  root(): number {
    if ((this.states + 1) * WIDTH > this.table.length) {
      const grown = new Int32Array(this.table.length * 2).fill(-1);
      grown.set(this.table);
      this.table = grown;
    }
    return this.states++;
  }
}

/** Walks `text[start, end)` from `state`; -1 when it leaves the trie. */
function walk(table: Int32Array, state: number, text: string, start: number, end: number): number {
  let s = state;
  for (let i = start; i < end && s !== -1; i++) {
    const c = text.charCodeAt(i);
    s = c < WIDTH ? table[s * WIDTH + c]! : -1;
  }
  return s;
}

export function buildCandidateIndex<E extends IndexedEntry>(entries: readonly E[]): CandidateIndex<E> {
  const trie = new TrieBuilder();
  /** By the state at the end of a first literal: its entries whose second field is a slot. */
  const byFirst: Array<E[] | undefined> = [];
  /** By the state at the end of a first literal: the root of its second literals. */
  const secondRoot: Array<number | undefined> = [];
  /** By the state at the end of a second literal: its entries and its first literal's slot entries. */
  const bySecond: Array<E[] | undefined> = [];
  const pairs: Array<{ first: number; second: number; entry: E }> = [];
  for (const e of entries) {
    const [a, b] = e.fields;
    if (a?.lit === undefined) throw new Error('every grammar entry starts with a literal');
    const first = trie.add(0, a.lit);
    if (b?.lit === undefined) {
      byFirst[first] ??= [];
      byFirst[first].push(e);
    } else {
      secondRoot[first] ??= trie.root();
      pairs.push({ first, second: trie.add(secondRoot[first], b.lit), entry: e });
    }
  }
  // A second literal's state is reached only through its first literal, so the two lists are
  // merged here once, in table order (the first match wins), not per message.
  for (const { first, second, entry } of pairs) {
    const list = bySecond[second];
    if (list === undefined) bySecond[second] = [...(byFirst[first] ?? []), entry];
    else list.push(entry);
  }
  for (const list of bySecond) list?.sort((x, y) => x.order - y.order);

  const table = trie.table;
  const EMPTY: readonly E[] = [];
  return {
    candidatesFor(text, bounds, count) {
      const s = walk(table, 0, text, bounds[0]!, bounds[1]!);
      if (s === -1) return EMPTY;
      const first = byFirst[s] ?? EMPTY;
      const root = secondRoot[s];
      if (count < 2 || root === undefined) return first;
      const t = walk(table, root, text, bounds[2]!, bounds[3]!);
      return t === -1 ? first : (bySecond[t] ?? first);
    },
  };
}
