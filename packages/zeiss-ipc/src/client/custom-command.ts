import { ErrorCode, LabwireError } from '@labwire/core';
import type { z } from 'zod';
import type { CustomRequest } from '../codec/types.js';

/**
 * A command of an extended server (the templates are meant to be extended): a name, a zod schema
 * for its arguments, and how the arguments become the JSON body. By default the body is
 * `{"<name>": args}`, the shape of `image` and `elements`.
 */
export interface CustomCommand<S extends z.ZodType> {
  readonly name: string;
  readonly schema: S;
  toBody(args: z.output<S>): unknown;
}

export function defineCommand<S extends z.ZodType>(
  name: string,
  schema: S,
  toBody: (args: z.output<S>) => unknown = (args) => ({ [name]: args }),
): CustomCommand<S> {
  return { name, schema, toBody };
}

/** Validates the arguments and builds the request; INVALID_ARGUMENT names the first bad field. */
export function customRequest<S extends z.ZodType>(
  command: CustomCommand<S>,
  args: z.input<S>,
): CustomRequest {
  const parsed = command.schema.safeParse(args);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue === undefined || issue.path.length === 0 ? '' : ` at ${issue.path.join('.')}`;
    throw new LabwireError(
      ErrorCode.INVALID_ARGUMENT,
      `${command.name}: invalid arguments${where}: ${issue?.message ?? ''}`,
      {
        details: { issues: parsed.error.issues },
      },
    );
  }
  return { command: 'custom', body: command.toBody(parsed.data) };
}
