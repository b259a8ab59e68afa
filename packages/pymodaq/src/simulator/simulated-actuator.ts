import { ErrorCode, LabwireError } from '@labwire/core';
import type { Actuator, MoveContext } from '../session/instrument.js';

export interface SimulatedActuatorOptions {
  /** Units per second (default 10). */
  speed?: number;
  /** Travel limits; targets outside are clamped to them (default ±100). */
  min?: number;
  max?: number;
  units?: string;
  /** Where `home` goes (default 0). */
  home?: number;
  initial?: number;
  name?: string;
}

interface Motion {
  from: number;
  to: number;
  start: number;
  duration: number;
  timer: ReturnType<typeof setTimeout>;
  finish: () => void;
}

/**
 * An actuator with a speed and travel limits: a move takes |distance| / speed and resolves
 * with the position reached; `stop` halts it where it is (the move then resolves there).
 * A new move replaces one in progress.
 */
export class SimulatedActuator implements Actuator {
  readonly speed: number;
  readonly min: number;
  readonly max: number;
  readonly units: string;
  readonly homePosition: number;
  readonly name: string;
  private at: number;
  private motion: Motion | undefined;

  constructor(options: SimulatedActuatorOptions = {}) {
    this.speed = options.speed ?? 10;
    this.min = options.min ?? -100;
    this.max = options.max ?? 100;
    this.units = options.units ?? 'mm';
    this.homePosition = options.home ?? 0;
    this.name = options.name ?? 'actuator';
    this.at = options.initial ?? this.homePosition;
    if (!(this.speed > 0) || this.min > this.max) {
      throw new LabwireError(ErrorCode.INVALID_ARGUMENT, 'speed must be positive and min <= max');
    }
  }

  get moving(): boolean {
    return this.motion !== undefined;
  }

  /** The current position (interpolated during a move). */
  current(): number {
    const m = this.motion;
    if (m === undefined) return this.at;
    const f = Math.min(1, (Date.now() - m.start) / m.duration);
    return m.from + (m.to - m.from) * f;
  }

  moveAbs(target: number, context?: MoveContext): Promise<number> {
    return this.travel(target, context?.signal);
  }

  moveRel(step: number, context?: MoveContext): Promise<number> {
    return this.travel(this.current() + step, context?.signal);
  }

  home(context?: MoveContext): Promise<number> {
    return this.travel(this.homePosition, context?.signal);
  }

  position(): number {
    return this.current();
  }

  stop(): void {
    const m = this.motion;
    if (m === undefined) return;
    this.at = this.current();
    clearTimeout(m.timer);
    this.motion = undefined;
    m.finish();
  }

  private travel(target: number, signal?: AbortSignal): Promise<number> {
    this.stop();
    const to = Math.min(this.max, Math.max(this.min, target));
    const from = this.at;
    const duration = (Math.abs(to - from) / this.speed) * 1000;
    if (duration === 0) return Promise.resolve(to);
    return new Promise((resolve) => {
      const finish = () => {
        signal?.removeEventListener('abort', onAbort);
        resolve(this.at);
      };
      const onAbort = () => this.stop();
      const timer = setTimeout(() => {
        this.at = to;
        this.motion = undefined;
        finish();
      }, duration);
      this.motion = { from, to, start: Date.now(), duration, timer, finish };
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }
}
