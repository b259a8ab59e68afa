import type { LabwireError } from '@labwire/core';
import { type CaseOutcome, type SuiteCase, diffPlain, fail, pass } from '@labwire/testkit/vectors';
import { ImbFrameDecoder } from '../codec/frame-decoder.js';
import type { ImbFrame } from '../codec/types.js';
import { errorToCanonical, frameFromCanonical, frameToCanonical, hex, unhex } from './canonical.js';

interface DecodeResult {
  frames: Record<string, unknown>[];
  errors: Record<string, unknown>[];
}

function decodeAll(chunks: readonly Uint8Array[]): DecodeResult {
  const result: DecodeResult = { frames: [], errors: [] };
  const decoder = new ImbFrameDecoder({
    message: (frame: ImbFrame) => result.frames.push(frameToCanonical(frame)),
    error: (error: LabwireError) => result.errors.push(errorToCanonical(error)),
  });
  for (const chunk of chunks) decoder.write(chunk);
  decoder.end();
  return result;
}

function inputChunks(testCase: SuiteCase): Uint8Array[] {
  const json = testCase.json;
  if (Array.isArray(json.chunks)) return (json.chunks as string[]).map(unhex);
  return [unhex(String(json.hex ?? ''))];
}

/** frames-decode: feed as given, compare frames and errors; then again one byte at a time. */
export function framesDecode(testCase: SuiteCase): CaseOutcome {
  const expected = { frames: testCase.plain.frames, errors: testCase.plain.errors };
  const chunks = inputChunks(testCase);
  const asGiven = decodeAll(chunks);
  const difference = diffPlain(expected, asGiven);
  if (difference !== undefined) return fail(`as given: ${difference}`);
  const whole = Buffer.concat(chunks);
  const bytewise = decodeAll(Array.from({ length: whole.byteLength }, (_, i) => whole.subarray(i, i + 1)));
  const again = diffPlain(expected, bytewise);
  return again === undefined ? pass() : fail(`one byte per write: ${again}`);
}

/** frames-encode: encode each frame and concatenate; `error` cases must be refused. */
export function framesEncode(testCase: SuiteCase): CaseOutcome {
  const frames = testCase.plain.frames as Record<string, unknown>[];
  let bytes: string;
  try {
    bytes = frames.map((f) => hex(frameFromCanonical(f))).join('');
  } catch (err) {
    if (testCase.expect === 'error') {
      const name = (err as LabwireError).details?.error;
      return name === testCase.json.error
        ? pass()
        : fail(`refused with ${String(name)}, expected ${String(testCase.json.error)}`);
    }
    return fail(`encoder refused: ${(err as Error).message}`);
  }
  if (testCase.expect === 'error') return fail(`encoder produced ${bytes} instead of refusing`);
  return bytes === testCase.json.hex ? pass() : fail(`expected ${String(testCase.json.hex)}, got ${bytes}`);
}
