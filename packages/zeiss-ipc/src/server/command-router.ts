import type { z } from 'zod';
import { HandlerCrash, type PyValue, pyContains, pyStr, pyToPlain } from '../python/index.js';
import type { ZeissRequestContext, ZeissRequestHandler } from './handler.js';

/** Thrown by a command handler to answer `Error: <message>` (the connection stays open). */
export class ZeissCommandError extends Error {
  override readonly name = 'ZeissCommandError';
}

/**
 * A command handler gets the value under its key (`{"image": {...}}` → `{...}`) as plain JS
 * (validated by `schema` when given). It returns the reply text, or nothing for the dialect's
 * success token; it throws ZeissCommandError (or anything) for an `Error: ...` reply.
 */
export interface ZeissCommandDefinition<T = unknown> {
  schema?: z.ZodType<T>;
  handle(
    args: T,
    context: ZeissRequestContext & { message: PyValue },
  ): string | undefined | Promise<string | undefined>;
}

export type ZeissCommandHandlerFn = (
  args: never,
  context: ZeissRequestContext & { message: PyValue },
) => string | undefined | Promise<string | undefined>;

/** Command name → definition (with a schema) or a bare handler. */
export type ZeissCommandMap = Record<string, ZeissCommandDefinition<never> | ZeissCommandHandlerFn>;

/** Typed helper: a command definition whose handler receives the schema's output. */
export function defineServerCommand<T>(definition: ZeissCommandDefinition<T>): ZeissCommandDefinition<never> {
  return definition as unknown as ZeissCommandDefinition<never>;
}

export interface CommandRouterOptions {
  /** Reply for a handler that returns nothing (default: the dialect's first success token). */
  successToken?: string;
  /** Answer `bye` to `{"quit": ...}` as the reference does (default true). */
  jsonQuit?: boolean;
}

/**
 * A handler that dispatches on command keys like the reference (first key of `commands` found in
 * the request wins) but never crashes on odd shapes: anything other than an object with a known
 * key is `Error: Unknown request:` plus the Python rendering, and a failing handler is an
 * `Error:` reply. For offering this interface from any program or from the gateway.
 */
export function createCommandRouter(
  commands: ZeissCommandMap,
  options: CommandRouterOptions = {},
): ZeissRequestHandler {
  const names = Object.keys(commands);
  return async (message, context) => {
    if (message.t === 'dict') {
      for (const name of names) {
        const value = message.v.get(name);
        if (value === undefined) continue;
        const entry = commands[name]!;
        const def = (
          typeof entry === 'function' ? { handle: entry } : entry
        ) as ZeissCommandDefinition<unknown>;
        let args: unknown = pyToPlain(value);
        if (def.schema !== undefined) {
          const parsed = def.schema.safeParse(args);
          if (!parsed.success) {
            const issue = parsed.error.issues[0];
            const where = issue === undefined || issue.path.length === 0 ? '' : `'${issue.path.join('.')}' `;
            return `Error: Invalid parameter ${where}in '${name}' request: ${issue?.message ?? 'invalid'}.`;
          }
          args = parsed.data;
        }
        try {
          const reply = await def.handle(args, { ...context, message });
          return reply ?? options.successToken ?? context.dialect.successTokens[0] ?? 'O.k.';
        } catch (err) {
          // A deliberate crash stands for "outcome unknown": the connection closes with 1011.
          if (err instanceof HandlerCrash) throw err;
          return `Error: ${err instanceof Error ? err.message : String(err)}`;
        }
      }
    }
    if (
      (options.jsonQuit ?? true) &&
      context.dialect.byeWord !== undefined &&
      (message.t === 'dict' || message.t === 'list' || message.t === 'str') &&
      pyContains(message, 'quit')
    ) {
      return context.dialect.byeWord;
    }
    return `Error: Unknown request:\n${pyStr(message)}`;
  };
}
