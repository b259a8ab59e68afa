/**
 * Vectors labwire believes are wrong, with the evidence. They are never skipped: runners still
 * run them and expect them to fail (like vitest's `it.fails`), print them on every run, and fail
 * if one starts passing, so the entry must then be removed. Each entry names the protocol,
 * the suite file, the case id and why.
 */
export interface DisputedVector {
  protocol: string;
  file: string;
  id: string;
  evidence: string;
}

export const DISPUTED_VECTORS: readonly DisputedVector[] = [
  {
    protocol: 'imb',
    file: 'sessions-client.json',
    id: 'client-two-frames-one-write',
    evidence:
      'After `subscribe commands` the recorded c2h bytes are a second icSetClientInfo frame (e1ffffff…6c697374656e6572, ' +
      'byte for byte the frame of the `connect` step before it) instead of icSubscribe(0, 0, "fed.commands") ' +
      '(d3ffffff…6665642e636f6d6d616e6473), which all 35 other pyimb `subscribe commands` calls in the same file record; pyimb ' +
      'writes icSetClientInfo only once, in its constructor. The frames this case is about (two events in one read) ' +
      'are delivered as the case expects.',
  },
];

/** The dispute for a case, if any; `file` may be a path (its last segment is compared). */
export function disputeFor(
  protocol: string,
  file: string,
  id: string,
  list: readonly DisputedVector[] = DISPUTED_VECTORS,
): DisputedVector | undefined {
  const name = file.split(/[\\/]/).pop();
  return list.find((d) => d.protocol === protocol && d.file === name && d.id === id);
}
