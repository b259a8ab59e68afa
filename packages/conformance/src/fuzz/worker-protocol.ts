/** Messages between the fuzz supervisor and its worker. */
export interface FuzzWorkerData {
  protocol: string;
  target: string;
  seconds: number;
  runs: number;
  seed: number;
  /** SharedArrayBuffer: [0] progress counter, [1] current input length; bytes after 8. */
  shared: SharedArrayBuffer;
}

export interface FuzzWorkerResult {
  runs: number;
  crash?: { inputHex: string; chunks: number[]; error: string };
  heapStartBytes: number;
  heapEndBytes: number;
}

/** Largest input the worker publishes for hang reports. */
export const SHARED_INPUT_BYTES = 64 * 1024;
