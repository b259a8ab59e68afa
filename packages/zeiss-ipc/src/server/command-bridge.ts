import {
  type CommandAction,
  type CommandRequest,
  type CommandResult,
  ErrorCode,
  isLabwireError,
} from '@labwire/core';
import { HandlerCrash } from '../python/index.js';
import type { ZeissCommandMap } from './command-router.js';

/** Anything that takes bus commands: a connector, or the gateway's command entry point. */
export interface Commander {
  command(request: CommandRequest, signal?: AbortSignal): Promise<CommandResult>;
}

export interface BridgeRoute {
  /** Bus address `device/property[/member]` (for the gateway, `connector/device/property`). */
  target: string;
  action?: CommandAction;
  /** Request value → command args (default: the value under the command key as it is). */
  args?: (value: unknown) => unknown;
  /** Command result → reply text (default: the dialect's success token). */
  reply?: (result: CommandResult) => string | undefined;
  timeoutMs?: number;
}

/**
 * Offers bus commands through the ZEISS IPC interface (northbound): each ZEISS command key is
 * routed to a bus command. `done` answers the success token, `failed` answers `Error: <reason>`,
 * and a command whose outcome is unknown (OUTCOME_UNKNOWN, TIMEOUT, CLOSED) closes the
 * connection with 1011 — what a ZEISS client already reads as "outcome unknown".
 */
export function bridgeCommands(commander: Commander, routes: Record<string, BridgeRoute>): ZeissCommandMap {
  const commands: ZeissCommandMap = {};
  for (const [name, route] of Object.entries(routes)) {
    commands[name] = async (value: unknown, context) => {
      const request: CommandRequest = {
        target: route.target,
        action: route.action ?? 'invoke',
        args: route.args === undefined ? value : route.args(value),
        ...(route.timeoutMs === undefined ? {} : { timeoutMs: route.timeoutMs }),
      };
      try {
        const result = await commander.command(request, context.signal);
        return route.reply?.(result);
      } catch (err) {
        if (
          isLabwireError(err) &&
          (err.code === ErrorCode.OUTCOME_UNKNOWN ||
            err.code === ErrorCode.TIMEOUT ||
            err.code === ErrorCode.CLOSED)
        ) {
          throw new HandlerCrash('OutcomeUnknown', err.message);
        }
        throw err;
      }
    };
  }
  return commands;
}
