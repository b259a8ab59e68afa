import { ErrorCode, LabwireError, abortError } from '@labwire/core';
import type { Dialect } from '../codec/dialect.js';
import type { PymodaqMessage } from '../codec/messages.js';
import type { PymodaqValue } from '../codec/values.js';
import { parseParameterXml } from '../settings/parameter-xml.js';
import { doneValue } from './grab-data.js';
import type { Actuator, Detector, MoveContext } from './instrument.js';
import { type PositionInput, positionOf, positionValue } from './positions.js';

/**
 * What the instrument role answers to each server command (reference §6.1), separate from the
 * connection handling in TcpClient: the detector's frames become `Done`, the actuator's
 * positions `move_done` / `position_is`, in the connection's dialect.
 */
export const ACTUATOR_COMMANDS = new Set([
  'move_abs',
  'move_rel',
  'move_home',
  'get_actuator_value',
  'check_position',
]);

/** PyMoDAQ's client grabs on any string containing "Send Data". */
export function isGrabCommand(command: string): boolean {
  return command.includes('Send Data');
}

/** Waits for the instrument, giving up when the connection ends. */
export function raceAbort<T>(work: T | Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(abortError(signal));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(abortError(signal));
    signal.addEventListener('abort', onAbort, { once: true });
    Promise.resolve(work).then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e) => {
        signal.removeEventListener('abort', onAbort);
        reject(e);
      },
    );
  });
}

/** `Send Data xD` → the `Done` argument. */
export async function answerGrab(
  detector: Detector,
  command: string,
  dialect: Dialect,
  signal: AbortSignal,
): Promise<PymodaqValue> {
  const dim = command.slice(command.indexOf('Send Data') + 'Send Data'.length).trim() || '2D';
  const output = await raceAbort(detector.grab({ dim, signal }), signal);
  return doneValue(dialect, output, detector.name ?? 'detector');
}

/** A move or position request → the reply command and its position argument. */
export async function answerActuator(
  actuator: Actuator,
  m: PymodaqMessage,
  dialect: Dialect,
  units: string,
  signal: AbortSignal,
): Promise<{ reply: 'move_done' | 'position_is'; position: PymodaqValue }> {
  const raw = m.args[0];
  const context: MoveContext = { signal, raw };
  let result: PositionInput;
  let reply: 'move_done' | 'position_is' = 'move_done';
  switch (m.command) {
    case 'move_abs':
      result = await raceAbort(actuator.moveAbs(positionOf(raw).value, context), signal);
      break;
    case 'move_rel':
      result = await raceAbort(actuator.moveRel(positionOf(raw).value, context), signal);
      break;
    case 'move_home':
      result = await raceAbort(actuator.home(context), signal);
      break;
    case 'get_actuator_value':
    case 'check_position':
      reply = 'position_is';
      result = await raceAbort(actuator.position(context), signal);
      break;
    default:
      throw new LabwireError(ErrorCode.UNSUPPORTED, `${m.command} is not an actuator command`);
  }
  return { reply, position: positionValue(dialect, result, units, actuator.name ?? 'actuator') };
}

function text(v: PymodaqValue | undefined): string {
  return v?.type === 'string' ? v.value : v?.type === 'bytes' ? new TextDecoder().decode(v.value) : '';
}

export interface SettingChange {
  /** Below the root of the published tree. */
  path: string[];
  /** The parameter's new value, when its XML could be read. */
  value: string | number | boolean | undefined;
  xml: string;
}

/** Reads a `set_info` (v5 sends its XML as bytes). */
export function settingChangeOf(m: PymodaqMessage, dropFirstSegment = false): SettingChange {
  const sent = m.args[0]?.type === 'list' ? m.args[0].items.map((v) => text(v)) : [];
  const xml = text(m.args[1]);
  let value: SettingChange['value'];
  try {
    value = parseParameterXml(xml).value;
  } catch {
    value = undefined;
  }
  return { path: dropFirstSegment ? sent.slice(1) : sent, value, xml };
}
