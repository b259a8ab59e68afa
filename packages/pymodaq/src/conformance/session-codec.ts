import type { LabwireError } from '@labwire/core';
import { type SuiteCase, diffPlain } from '@labwire/testkit/vectors';
import type { Dialect } from '../codec/dialect.js';
import { encodeMessage } from '../codec/encode.js';
import { MessageDecoder } from '../codec/message-decoder.js';
import type { PymodaqMessage } from '../codec/messages.js';
import { fromCanonical, toCanonical } from './canonical.js';
import { caseBytes } from './generated-data.js';
import { diffBytes } from './value-cases.js';

/** One message of a session case, with its bytes built (hex or hexParts). */
export interface ScriptMessage {
  dir: 'c2s' | 's2c';
  command: string;
  /** What a decoder must produce (canonical plain values). */
  args: unknown[];
  /** What an encoder is given (`wireArgs` when present). */
  wireArgs: unknown[];
  bytes: Uint8Array;
}

export function scriptOf(c: SuiteCase): ScriptMessage[] {
  const messages = c.plain.messages as Array<Record<string, unknown>>;
  const raw = c.json.messages as Array<Record<string, unknown>>;
  return messages.map((m, i) => ({
    dir: m.dir as 'c2s' | 's2c',
    command: m.command as string,
    args: m.args as unknown[],
    wireArgs: (m.wireArgs ?? m.args) as unknown[],
    bytes: caseBytes(raw[i]!),
  }));
}

/** Stage 1: our encoder reproduces every message's bytes. */
export function encodeStage(dialect: Dialect, script: ScriptMessage[]): string | undefined {
  for (const [i, m] of script.entries()) {
    let bytes: Uint8Array;
    try {
      bytes = encodeMessage(dialect, m.command, m.wireArgs.map(fromCanonical));
    } catch (err) {
      return `encode message ${i} (${m.command}): ${(err as Error).message}`;
    }
    const d = diffBytes(m.bytes, bytes);
    if (d !== undefined) return `encode message ${i} (${m.command}): ${d}`;
  }
  return undefined;
}

function split(bytes: Uint8Array, sizes: number[]): Uint8Array[] {
  const out: Uint8Array[] = [];
  let at = 0;
  for (const s of sizes) {
    out.push(bytes.subarray(at, at + s));
    at += s;
  }
  if (at < bytes.byteLength) out.push(bytes.subarray(at));
  return out;
}

/** Compares decoded messages with a direction's script (command and canonical args). */
export function diffMessages(expected: ScriptMessage[], actual: PymodaqMessage[]): string | undefined {
  if (actual.length !== expected.length) {
    return `expected ${expected.length} messages (${expected.map((m) => m.command).join(', ')}), got ${actual.length} (${actual.map((m) => m.command).join(', ')})`;
  }
  for (const [i, m] of expected.entries()) {
    const got = actual[i]!;
    if (got.command !== m.command) return `message ${i}: expected command ${m.command}, got ${got.command}`;
    const d = diffPlain(
      m.args,
      got.args.map((a, k) => toCanonical(a, m.args[k])),
      `message ${i} (${m.command}) args`,
    );
    if (d !== undefined) return d;
  }
  return undefined;
}

/** Stage 2: per direction, the receiving side's decoder gives the messages back, however split. */
export function decodeStage(c: SuiteCase, dialect: Dialect, script: ScriptMessage[]): string | undefined {
  const chunks = c.json.chunks as { c2s?: number[]; s2c?: number[] } | undefined;
  for (const dir of ['c2s', 's2c'] as const) {
    const mine = script.filter((m) => m.dir === dir);
    if (mine.length === 0) continue;
    const stream = new Uint8Array(Buffer.concat(mine.map((m) => m.bytes)));
    // The byte offset at which each message ends: a message must not appear before it.
    const ends: number[] = [];
    let total = 0;
    for (const m of mine) {
      total += m.bytes.byteLength;
      ends.push(total);
    }
    const splits: Array<[string, Uint8Array[]]> = [['all at once', [stream]]];
    if (stream.byteLength <= 64 * 1024) {
      const each: Uint8Array[] = [];
      for (let i = 0; i < stream.byteLength; i++) each.push(stream.subarray(i, i + 1));
      splits.push(['one byte at a time', each]);
    }
    if (chunks?.[dir] !== undefined) splits.push(['as recorded', split(stream, chunks[dir]!)]);
    for (const [name, pieces] of splits) {
      const got: PymodaqMessage[] = [];
      const errors: LabwireError[] = [];
      let fed = 0;
      let early: string | undefined;
      const decoder = new MessageDecoder(
        {
          message: (m) => {
            if (fed < ends[got.length]! && early === undefined)
              early = `message ${got.length} produced before its last byte`;
            got.push(m);
          },
          error: (e) => errors.push(e),
        },
        { dialect, side: dir === 'c2s' ? 'server' : 'client' },
      );
      for (const piece of pieces) {
        fed += piece.byteLength;
        decoder.write(piece);
      }
      const where = `decode ${dir} ${name}`;
      if (errors.length > 0) return `${where}: ${errors[0]!.code} ${errors[0]!.message}`;
      if (early !== undefined) return `${where}: ${early}`;
      if (decoder.midMessage) return `${where}: ${decoder.buffered} bytes left`;
      const d = diffMessages(mine, got);
      if (d !== undefined) return `${where}: ${d}`;
    }
  }
  return undefined;
}
