import { HandlerCrash, type PyValue, pyDict, pyEquals, pyStrValue, pyToPlain } from '../python/index.js';

/** The three ZEISS INSPECT script commands the reference server calls (§6). */
export type InstrumentCommand =
  | 'create_measurement_series_for_other_images'
  | 'import_other_images'
  | 'import_gom_inspection_exchange';

export const INSTRUMENT_COMMANDS: readonly InstrumentCommand[] = [
  'create_measurement_series_for_other_images',
  'import_other_images',
  'import_gom_inspection_exchange',
];

/** The simulated instrument host before a session (the `host` of the exchange cases). */
export interface HostState {
  /** Paths that are readable regular files (exact strings; no normalisation). */
  files?: readonly string[];
  /** Paths that exist as directories (not readable files; listed for intent). */
  directories?: readonly string[];
  /** Measurement series that exist. */
  series?: readonly string[];
  /** Whether a project is open (default true). Without one, the image command's lookup crashes. */
  project?: boolean;
  /** Commands that fail every time. */
  failCommands?: readonly string[];
  /** Command → milliseconds it blocks (the whole server waits, as the reference's event loop does). */
  delaysMs?: Readonly<Record<string, number>>;
}

/** One instrument command as issued, in the neutral form of the exchange cases. */
export interface InstrumentCall {
  command: InstrumentCommand;
  /** Keyword arguments as the server passed them (dict PyValue). */
  args: PyValue;
  outcome: 'ok' | 'error';
}

/** Raised by a failing instrument command (the server catches some and not others). */
export class InstrumentError extends Error {
  override readonly name = 'InstrumentError';
}

/** Calls kept in the log; older ones are dropped so a long-running demo does not grow without bound. */
export const HOST_MAX_LOGGED_CALLS = 10_000;

/** Largest value CPython accepts as a file descriptor (a C int). */
const FD_MAX = 2n ** 31n - 1n;
const FD_MIN = -(2n ** 31n);

/**
 * The simulated ZEISS INSPECT host: files, series, project flag, failing and slow commands, and
 * the ordered log of instrument calls. Mutable at run time so demos and tests can change it.
 */
export class SimulatedHost {
  readonly files = new Set<string>();
  readonly directories = new Set<string>();
  project: boolean;
  readonly failCommands = new Set<string>();
  readonly delaysMs = new Map<string, number>();
  readonly calls: InstrumentCall[] = [];
  private readonly seriesList: PyValue[] = [];

  constructor(state: HostState = {}) {
    for (const f of state.files ?? []) this.files.add(f);
    for (const d of state.directories ?? []) this.directories.add(d);
    for (const s of state.series ?? []) this.seriesList.push(pyStrValue(s));
    this.project = state.project ?? true;
    for (const c of state.failCommands ?? []) this.failCommands.add(c);
    for (const [c, ms] of Object.entries(state.delaysMs ?? {})) this.delaysMs.set(c, ms);
  }

  /** Names of the series that exist (non-string names rendered as plain values). */
  get series(): unknown[] {
    return this.seriesList.map(pyToPlain);
  }

  addSeries(name: string): void {
    this.seriesList.push(pyStrValue(name));
  }

  /**
   * `os.path.isfile(file) and os.access(file, os.R_OK)` with CPython's type rules: a string is
   * a path; an int is a file descriptor (never a readable file here); a bool counts as
   * descriptor 0/1 (unreadable); floats, lists, dicts, None and out-of-range ints raise.
   */
  isReadableFile(file: PyValue): boolean {
    switch (file.t) {
      case 'str':
        // A NUL makes os.stat raise ValueError, which isfile swallows.
        return !file.v.includes('\0') && this.files.has(file.v);
      case 'bool':
        return false;
      case 'int':
        if (file.v > FD_MAX || file.v < FD_MIN) throw new HandlerCrash('OverflowError', 'fd is out of range');
        return false;
      default:
        throw new HandlerCrash('TypeError', 'stat: path should be string, bytes, os.PathLike or integer');
    }
  }

  /** `gom.app.project.measurement_series[name]`: the series, undefined (RequestError), or a crash without a project. */
  lookupSeries(name: PyValue): PyValue | undefined {
    if (!this.project)
      throw new HandlerCrash('AttributeError', "'NoneType' object has no attribute 'measurement_series'");
    return this.seriesList.find((s) => pyEquals(s, name));
  }

  /** Runs one instrument command: blocks for its delay, logs it, and throws InstrumentError if it is set to fail. */
  async call(command: InstrumentCommand, args: Array<[string, PyValue]>): Promise<void> {
    const delay = this.delaysMs.get(command) ?? 0;
    if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
    const fails = this.failCommands.has(command);
    if (this.calls.length >= HOST_MAX_LOGGED_CALLS) this.calls.shift();
    this.calls.push({ command, args: pyDict(args), outcome: fails ? 'error' : 'ok' });
    if (fails) throw new InstrumentError(`${command} failed (simulated)`);
    if (command === 'create_measurement_series_for_other_images') {
      const name = args.find(([k]) => k === 'name')?.[1];
      if (name !== undefined) this.seriesList.push(name);
    }
  }

  /** The call log as plain JSON (`{"object": "File", ...}` stays as it is). */
  callsAsJson(): Array<{ command: string; args: unknown; outcome: 'ok' | 'error' }> {
    return this.calls.map((c) => ({ command: c.command, args: pyToPlain(c.args), outcome: c.outcome }));
  }
}

/** The neutral forms of the application's objects in the call log. */
export function fileObject(path: PyValue): PyValue {
  return pyDict([
    ['object', pyStrValue('File')],
    ['path', path],
  ]);
}

export function seriesObject(name: PyValue): PyValue {
  return pyDict([
    ['object', pyStrValue('MeasurementSeries')],
    ['name', name],
  ]);
}
