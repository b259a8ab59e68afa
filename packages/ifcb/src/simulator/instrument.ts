import { encodeBase64 } from '../codec/base64.js';
import { formatTimestamp, IfcbTimestamp } from '../codec/timestamp.js';
import { particleImage } from './png.js';

/**
 * A simulated IFCB acquisition program: the state IFCBacquire reports, its answers to host
 * commands, and a scripted acquisition (triggers with images and ROIs, pause/resume, file
 * transfers). It only produces message texts; the hub relays them.
 */

export type InstrumentMode =
  /** Sends nothing on its own and answers no command (conformance sessions drive it by hand). */
  | 'quiet'
  /** Answers commands (refresh, routines, data folder) but runs nothing by itself. */
  | 'responsive'
  /** Answers commands and runs a looping scripted acquisition. */
  | 'scripted';

export interface InstrumentOptions {
  mode?: InstrumentMode;
  /** Pause between scripted messages, ms. Default 100. */
  stepMs?: number;
  /** Triggers per scripted acquisition run. Default 6. */
  triggersPerRun?: number;
  /** Wall clock for `graphchanged` timestamps (tests inject a fixed one). */
  now?: () => Date;
}

/** One scripted step: a message, or a pause before the next. */
type Step = { message: string } | { waitMs: number };

const CHUNK_CHARS = 96;

export class SimulatedInstrument {
  readonly mode: InstrumentMode;
  private readonly stepMs: number;
  private readonly triggersPerRun: number;
  private readonly now: () => Date;
  private emitter: ((message: string) => void) | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private queue: Step[] = [];
  private running = false;
  private trigger = 0;
  private totalRois = 0;
  private run = 0;
  private loadedRoutine: unknown[] | undefined;
  /** The state `refresh` reports, in the order IFCBacquire is assumed to send it. */
  readonly state = new Map<string, string>([
    ['pausestate', '0'],
    ['acquisition:status', 'stopped'],
    ['hostversion', '3.1.2'],
    ['setdatafolder', 'C:\\IFCB\\data'],
    ['setpmta', '0.55'],
    ['setpmtb', '0.6'],
    ['settriga', '0.2'],
    ['setsamplevolume', '5'],
    ['setcameragain', '12'],
    ['switchlaser', '1'],
    ['switchcamera', '1'],
    ['switchstirrer', '1'],
    ['fpsrate', '0'],
    ['getenvironment', '21.5:45.25'],
  ]);

  constructor(options: InstrumentOptions = {}) {
    this.mode = options.mode ?? 'responsive';
    this.stepMs = options.stepMs ?? 100;
    this.triggersPerRun = options.triggersPerRun ?? 6;
    this.now = options.now ?? (() => new Date());
  }

  /** Connects the instrument to its hub and, in `scripted` mode, starts the looping acquisition. */
  attach(emit: (message: string) => void): void {
    this.emitter = emit;
    if (this.mode === 'scripted') this.enqueue(this.acquisitionRun());
  }

  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.queue = [];
    this.running = false;
    this.emitter = undefined;
  }

  /** A host command relayed by a client. */
  command(text: string): void {
    if (this.mode === 'quiet') return;
    if (text === 'refresh') {
      this.emitAll(this.stateMessages());
      return;
    }
    const [family, ...rest] = text.split(':');
    const arg = rest.join(':');
    if (family === 'routine') {
      this.enqueue([
        { message: `reportevent:Routine ${arg} started` },
        ...(arg === 'runsample'
          ? this.acquisitionRun()
          : [{ message: `reportevent:Routine ${arg} done` } as Step]),
      ]);
    } else if (family === 'interactive' && rest[0] === 'load') {
      try {
        const routine = JSON.parse(rest.slice(1).join(':'));
        this.loadedRoutine = Array.isArray(routine) ? routine : undefined;
      } catch {
        this.loadedRoutine = undefined;
      }
      this.emit(`valuechanged:interactive:load:${rest.slice(1).join(':')}`);
    } else if (family === 'interactive' && rest[0] === 'start') {
      const groups = this.loadedRoutine ?? [];
      this.enqueue([
        { message: 'valuechanged:interactive:started' },
        ...groups.map((_, i): Step => ({ message: `reportevent:Step ${i + 1}: routine group ${i + 1}` })),
        ...this.triggers(2),
        { message: 'valuechanged:interactive:stopped' },
      ]);
    } else if (family === 'daq' && rest[0] === 'setdatafolder') {
      const path = rest.slice(1).join(':');
      this.state.set('setdatafolder', path);
      this.emit(`valuechanged:setdatafolder:${path}`);
    } else if (family === 'saveroutines') {
      this.emit('reportevent:Routines saved');
    }
  }

  /** The messages `refresh` sends: one per state variable. */
  stateMessages(): string[] {
    const out: string[] = [];
    for (const [name, value] of this.state) out.push(`valuechanged:${name}:${value}`);
    return out;
  }

  private emit(message: string): void {
    if (message.startsWith('valuechanged:')) {
      const body = message.slice('valuechanged:'.length);
      if (body.startsWith('acquisition:status:'))
        this.state.set('acquisition:status', body.slice('acquisition:status:'.length));
      else {
        const at = body.indexOf(':');
        if (at > 0 && this.state.has(body.slice(0, at)))
          this.state.set(body.slice(0, at), body.slice(at + 1));
      }
    }
    this.emitter?.(message);
  }

  private emitAll(messages: readonly string[]): void {
    for (const m of messages) this.emit(m);
  }

  private enqueue(steps: Step[]): void {
    this.queue.push(...steps);
    if (!this.running) this.next();
  }

  private next(): void {
    const step = this.queue.shift();
    if (step === undefined || this.emitter === undefined) {
      this.running = false;
      if (this.mode === 'scripted' && this.emitter !== undefined) this.enqueue(this.acquisitionRun());
      return;
    }
    this.running = true;
    const delay = 'waitMs' in step ? step.waitMs : this.stepMs;
    if ('message' in step) this.emit(step.message);
    this.timer = setTimeout(() => this.next(), delay);
  }

  private triggers(count: number): Step[] {
    const steps: Step[] = [];
    for (let i = 0; i < count; i++) {
      this.trigger += 1;
      const t = this.trigger;
      const rois = 1 + (t % 2);
      this.totalRois += rois;
      const frame = encodeBase64(particleImage(32, 24, t));
      const roiParts: string[] = [];
      for (let r = 0; r < rois; r++)
        roiParts.push(`${4 + r * 8}`, `${6 + r * 5}`, encodeBase64(particleImage(12, 8, t * 10 + r)));
      steps.push(
        { message: `triggerchanged:${t}:processed:${rois}:0:${this.totalRois}` },
        { message: `triggerimage:${frame}` },
        { message: `triggerrois:${rois}:${roiParts.join(':')}` },
        { message: `syringetrack:${(0.25 * t).toFixed(3)}` },
        { message: `valuechanged:fpsrate:${(4 + (t % 5) * 0.5).toFixed(1)}` },
      );
    }
    return steps;
  }

  private fileTransfer(
    name: string,
    contentType: 'text/plain' | 'octet/stream',
    content: Uint8Array | string,
  ): Step[] {
    const text = typeof content === 'string' ? content : encodeBase64(content);
    const chunks: string[] = [];
    for (let at = 0; at < text.length; at += CHUNK_CHARS) chunks.push(text.slice(at, at + CHUNK_CHARS));
    if (contentType === 'octet/stream') {
      // Each binary chunk is base64 of its own slice of the file, so it decodes on its own.
      const bytes = content as Uint8Array;
      chunks.length = 0;
      const slice = (CHUNK_CHARS / 4) * 3;
      for (let at = 0; at < bytes.byteLength; at += slice)
        chunks.push(encodeBase64(bytes.subarray(at, at + slice)));
    }
    return [
      { message: `file:start:${name}:${chunks.length}:${contentType}` },
      ...chunks.map((c, i): Step => ({ message: `file:chunk:${name}:${i}:${c}` })),
      { message: `file:end:${name}` },
    ];
  }

  /** One scripted acquisition: start, triggers, a pause and resume, counters, files, stop. */
  acquisitionRun(): Step[] {
    this.run += 1;
    const stamp = this.now();
    const ts = new IfcbTimestamp(
      stamp.getFullYear(),
      stamp.getMonth() + 1,
      stamp.getDate(),
      stamp.getHours(),
      stamp.getMinutes(),
    );
    const bin = `D${ts.iso.replace(/[-:]/g, '').slice(0, 15)}_IFCB111`;
    const temperature = (20 + (this.run % 10) * 0.25).toFixed(2);
    const humidity = (40 + (this.run % 7)).toFixed(2);
    const half = Math.ceil(this.triggersPerRun / 2);
    const header = `softwareVersion: Imaging FlowCytobot Acquisition Software version 3.1.2\r\nrun: ${this.run}\r\ntemperature: ${temperature}\r\n`;
    const roiBytes = particleImage(16, 12, this.run);
    return [
      { message: 'valuechanged:acquisition:started' },
      { message: 'valuechanged:acquisition:status:running' },
      { message: 'valuechanged:pausestate:0' },
      { message: `valuechanged:getenvironment:${temperature}:${humidity}` },
      ...this.triggers(half),
      { message: 'valuechanged:pausestate:1' },
      { waitMs: this.stepMs * 3 },
      { message: 'valuechanged:pausestate:0' },
      ...this.triggers(this.triggersPerRun - half),
      { message: `triggerchanged:${this.trigger}:saved:${this.trigger - 1}:1` },
      {
        message: `graphchanged:${temperature}:${humidity}:0.5:0.25:${this.trigger}:${this.totalRois}:${this.run}:1.5:2.5:3.5:4.5:${formatTimestamp(ts)}`,
      },
      ...this.fileTransfer(`${bin}.hdr`, 'text/plain', header),
      ...this.fileTransfer(`${bin}.roi`, 'octet/stream', roiBytes),
      { message: 'valuechanged:acquisition:status:stopped' },
      { message: 'valuechanged:acquisition:stopped' },
      { waitMs: this.stepMs * 5 },
    ];
  }
}
