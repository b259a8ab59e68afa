/** Messages between the fuzz supervisor and its worker. */
export interface FuzzWorkerData {
  protocol: string;
  target: string;
  seconds: number;
  runs: number;
  seed: number;
  /** Module whose `fuzzTargets()` lists the targets (default: labwire's own). */
  targetsModule?: string;
  /** SharedArrayBuffer: Int32 [0] runs done, [1] current input length, [2] 1 once fuzzing started; input bytes from HEADER_BYTES. */
  shared: SharedArrayBuffer;
}

export interface FuzzWorkerResult {
  runs: number;
  crash?: { inputHex: string; chunks: number[]; error: string };
  heapStartBytes: number;
  heapEndBytes: number;
}

/** Bytes before the published input in the shared buffer. */
export const HEADER_BYTES = 16;

/** Largest input the worker publishes for hang reports. */
export const SHARED_INPUT_BYTES = 64 * 1024;
