import { ErrorCode, LabwireError, type ExecutableCommand, parseTopic } from '@labwire/core';
import {
  INTERACTIVE_START,
  REFRESH,
  SAVE_ROUTINES,
  encodeInteractiveLoad,
  encodeRoutine,
  encodeSetDataFolder,
} from '../codec/commands.js';

/**
 * Bus commands → the host command text relayed to the instrument (docs/protocols/ifcb.md):
 *
 * | target | action | args | relays |
 * | `<serial>` or `<serial>/host` | raw | text | the text as is |
 * | `<serial>/routine[/<name>]` | invoke | name or {name} | `routine:<name>` |
 * | `<serial>/interactive` | invoke | {action:'load', routine:[…]} or 'start' / {action:'start'} | `interactive:load:…` / `interactive:start` |
 * | `<serial>/setdatafolder` | set | path or {value: path} | `daq:setdatafolder:<path>` |
 * | `<serial>/refresh`, `<serial>/saveroutines` | invoke | — | `refresh`, `saveroutines` |
 */
export function commandText(command: ExecutableCommand, serial: string): string {
  const [device, property, member] = parseTopic(command.target);
  if (device !== serial)
    throw notFound(command, `no device "${device}" (this connector's instrument is ${serial})`);
  const args = command.args;
  const text = (value: unknown, what: string): string => {
    const v =
      typeof value === 'object' && value !== null && 'value' in value
        ? (value as { value: unknown }).value
        : value;
    if (typeof v !== 'string' || v === '') {
      throw new LabwireError(
        ErrorCode.INVALID_ARGUMENT,
        `${command.target}: ${what} must be a non-empty string`,
      );
    }
    return v;
  };
  if (command.action === 'raw') {
    if (property === undefined || property === 'host') return text(args, 'the command text');
    throw notFound(command, 'raw commands go to the device or its "host" address');
  }
  switch (property) {
    case 'routine':
      if (command.action !== 'invoke') break;
      if (member !== undefined) return encodeRoutine(member);
      return encodeRoutine(
        text(
          typeof args === 'object' && args !== null && 'name' in args
            ? (args as { name: unknown }).name
            : args,
          'the routine name',
        ),
      );
    case 'interactive': {
      if (command.action !== 'invoke') break;
      const action = typeof args === 'string' ? args : (args as { action?: unknown } | undefined)?.action;
      if (action === 'start') return INTERACTIVE_START;
      const routine = (args as { routine?: unknown } | undefined)?.routine;
      if (action === 'load' && Array.isArray(routine)) return encodeInteractiveLoad(routine);
      throw new LabwireError(
        ErrorCode.INVALID_ARGUMENT,
        `${command.target}: args must be "start" or {action: "load", routine: [...]}`,
      );
    }
    case 'setdatafolder':
      if (command.action !== 'set') break;
      return encodeSetDataFolder(text(args, 'the data folder'));
    case 'refresh':
      if (command.action === 'invoke') return REFRESH;
      break;
    case 'saveroutines':
      if (command.action === 'invoke') return SAVE_ROUTINES;
      break;
    default:
      throw notFound(command, `no command "${property ?? ''}"`);
  }
  throw new LabwireError(ErrorCode.UNSUPPORTED, `${command.target} does not take action "${command.action}"`);
}

function notFound(command: ExecutableCommand, why: string): LabwireError {
  return new LabwireError(ErrorCode.NOT_FOUND, `${command.target}: ${why}`, {
    details: { target: command.target },
  });
}
