import type { PymodaqValue } from '../codec/values.js';
import type { ParameterNode } from '../settings/parameter-tree.js';
import type { DetectorOutput } from './grab-data.js';
import type { PositionInput } from './positions.js';

/** What the server asked for: `Send Data 0D/1D/2D/ND` (clients answer with whatever data they have). */
export interface GrabRequest {
  /** `0D`, `1D`, `2D` or `ND`, from the command. */
  dim: string;
  signal: AbortSignal;
}

/**
 * A local detector to serve to PyMoDAQ as a GRABBER. Only `grab` is required: return a frame
 * (`ndarray(new Uint16Array(w * h), [h, w])`), several frames (channels), or a full
 * DataWithAxes / DataToExport when you need axes, units or names.
 */
export interface Detector {
  grab(request: GrabRequest): DetectorOutput | Promise<DetectorOutput>;
  /** Name of the DataToExport and DataWithAxes built around returned frames (default `detector`). */
  readonly name?: string;
  /** Called on `set_info`: path below the root of the published settings, the new value and its XML. */
  setSetting?(
    path: string[],
    value: string | number | boolean | undefined,
    xml: string,
  ): void | Promise<void>;
}

export interface MoveContext {
  signal: AbortSignal;
  /** The position value as it arrived (a scalar or a DataActuator). */
  raw: PymodaqValue | undefined;
}

/**
 * A local actuator to serve to PyMoDAQ as an ACTUATOR. Moves resolve with the absolute
 * position reached (a number, in `units`); `stop` is called on `stop_motion`.
 */
export interface Actuator {
  moveAbs(target: number, context: MoveContext): PositionInput | Promise<PositionInput>;
  /** Relative step; resolves with the **absolute** position reached. */
  moveRel(step: number, context: MoveContext): PositionInput | Promise<PositionInput>;
  home(context: MoveContext): PositionInput | Promise<PositionInput>;
  position(context: MoveContext): PositionInput | Promise<PositionInput>;
  stop(): void | Promise<void>;
  readonly units?: string;
  readonly name?: string;
  setSetting?(
    path: string[],
    value: string | number | boolean | undefined,
    xml: string,
  ): void | Promise<void>;
}

export type Instrument = Detector | Actuator;

export function isDetector(instrument: Instrument): instrument is Detector {
  return typeof (instrument as Detector).grab === 'function';
}

/** The settings tree a client publishes by default: its units, as 4.4 mover servers read them. */
export function defaultSettings(instrument: Instrument): ParameterNode {
  const children: ParameterNode[] = [];
  if (!isDetector(instrument)) children.push({ name: 'units', type: 'str', value: instrument.units ?? '' });
  return { name: 'settings', type: 'group', children };
}
