import { type CaseHandler, diffPlain, fail, outcomeOf } from '@labwire/testkit/vectors';
import type { LabwireError } from '@labwire/core';
import type { HandlerPattern } from '../codec/pattern-match.js';
import { HandlerRegistry } from '../client/handler-registry.js';
import { fromSuiteValue, toSuiteValue } from './canonical.js';

/** Kind `dispatch`: one `messageRelayed` invocation through a fresh handler registry. */
export const dispatchCase: CaseHandler = (c) => {
  const handlers = c.plain.handlers as unknown[][];
  const throwing = new Set((c.plain.throwing as number[] | undefined) ?? []);
  const errors: LabwireError[] = [];
  const registry = new HandlerRegistry((e) => errors.push(e));
  const calls: Array<{ handler: number; args: unknown[] }> = [];
  handlers.forEach((pattern, index) => {
    registry.onPattern(fromSuiteValue(pattern) as HandlerPattern, (...args) => {
      calls.push({ handler: index, args: toSuiteValue(args) as unknown[] });
      if (throwing.has(index)) throw new Error(`handler ${index} throws (as the case asks)`);
    });
  });
  try {
    registry.deliver(c.plain.relayArguments);
  } catch (err) {
    return fail(`delivery threw: ${(err as Error).message}`);
  }
  const expectedErrors = throwing.size;
  const handlerErrors = errors.filter((e) => e.code === 'IFCB_HANDLER_FAILED').length;
  if (handlerErrors !== expectedErrors)
    return fail(`expected ${expectedErrors} handler errors reported, got ${handlerErrors}`);
  return outcomeOf(diffPlain(c.plain.calls, calls));
};
