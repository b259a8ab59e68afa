/**
 * A decoder under fuzzing. `samples` are real wire bytes from the visible vectors, which the
 * engine mutates; `run` feeds one input, already split into chunks, to a fresh decoder. A
 * decoder must never throw on bad input (it reports coded errors), so anything thrown from
 * `run` is a crash.
 */
export interface FuzzTarget {
  protocol: string;
  name: string;
  samples(): Uint8Array[];
  run(chunks: Uint8Array[]): void;
}
