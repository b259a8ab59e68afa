import { FIXED_ENTRIES } from '../dist/codec/grammar-table.js';

/**
 * The table sweep corpus: one message per fixed entry of the grammar table (117), with the
 * typical slot values of the suites' `table-*` cases. pyifcbclient's parser handles about 73,000
 * of these messages per second (the issue's figure for the same 117 messages).
 */
const SAMPLE: Record<string, string> = {
  int: '7',
  float: '2.5',
  bool: '1',
  str: 'abc',
  base64: 'iVBORw0KGgoAAAANSUhEUgAAAAIAAAABCAAAAADRSSBWAAAAC0lEQVR4nGNoaAAAAYMBARg1IhUAAAAASUVORK5CYII=',
  datetime: '2024-07-03|13-05',
};

export const TABLE_SWEEP: string[] = FIXED_ENTRIES.map((e) =>
  e.fields.map((f) => ('lit' in f ? f.lit : SAMPLE[f.type]!)).join(':'),
);

/** pyifcbclient's parser over the same corpus (messages per second), from the issue. */
export const PYIFCBCLIENT_MESSAGES_PER_SECOND = 73_000;
