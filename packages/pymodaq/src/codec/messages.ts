import type { Dialect } from './dialect.js';
import type { PymodaqValue } from './values.js';

/** A command field and its arguments (protocol reference §6.1). */
export interface PymodaqMessage {
  command: string;
  args: PymodaqValue[];
}

/** Which end receives: the server reads client→server messages, the client server→client ones. */
export type ReceivingSide = 'server' | 'client';

/**
 * Argument kinds: `position` is a <f8 scalar (v1/v2) or a DataActuator (v4.3+); `data` is an
 * untagged (v1) or tagged (v2) list of arrays, or a DataToExport (v4.3+); `path` is a list of strings.
 */
export type ArgKind = 'string' | 'path' | 'position' | 'data' | 'array' | 'any';

const TO_SERVER: Record<string, readonly ArgKind[]> = {
  Infos: ['string'],
  Info: ['string', 'string'],
  Info_xml: ['path', 'string'],
  Done: ['data'],
  move_done: ['position'],
  position_is: ['position'],
  x_axis: ['array', 'string', 'string'],
  y_axis: ['array', 'string', 'string'],
};

const TO_CLIENT: Record<string, readonly ArgKind[]> = {
  move_abs: ['position'],
  move_rel: ['position'],
  // v5 sends the XML as bytes; its objects name their own type, so `any` reads either.
  set_info: ['path', 'any'],
};

const NONE: readonly ArgKind[] = [];

/** The arguments that follow `command` for the receiving side; any other command has none. */
export function argumentKinds(side: ReceivingSide, command: string, _dialect?: Dialect): readonly ArgKind[] {
  const table = side === 'server' ? TO_SERVER : TO_CLIENT;
  return Object.hasOwn(table, command) ? table[command]! : NONE;
}

/** Commands the server sends and the replies that answer them. */
export const GRAB_COMMANDS = ['Send Data 0D', 'Send Data 1D', 'Send Data 2D', 'Send Data ND'] as const;
export type GrabCommand = (typeof GRAB_COMMANDS)[number];
