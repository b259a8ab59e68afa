import { ErrorCode, LabwireError } from '@labwire/core';
import {
  RECORD_SEPARATOR,
  type HandshakeRequest,
  type HandshakeResponse,
  type HubRecord,
} from './records.js';

/**
 * Writers of the SignalR JSON hub protocol: compact JSON in the property order given, then
 * U+001E. `JSON.stringify` escapes `"`, `\` and U+0000–U+001F (so a U+001E inside a string is
 * never raw) and writes everything else as is, exactly what `@microsoft/signalr` writes.
 */
export function writeRecord(record: HubRecord | Record<string, unknown>): string {
  let json: string;
  try {
    json = JSON.stringify(record);
  } catch (err) {
    throw new LabwireError(
      ErrorCode.INVALID_ARGUMENT,
      `hub record cannot be written as JSON: ${(err as Error).message}`,
      {
        cause: err,
      },
    );
  }
  return json + RECORD_SEPARATOR;
}

export function writeHandshakeRequest(request: HandshakeRequest = { protocol: 'json', version: 1 }): string {
  return writeRecord(request);
}

export function writeHandshakeResponse(response: HandshakeResponse = {}): string {
  return writeRecord(response);
}

/** An invocation as the JS client writes it: `target, arguments, [invocationId,] type`. */
export function writeInvocation(target: string, args: readonly unknown[], invocationId?: string): string {
  return writeRecord(
    invocationId === undefined
      ? { target, arguments: args, type: 1 }
      : { target, arguments: args, invocationId, type: 1 },
  );
}

/** What a hub sends: `type` first, as ASP.NET Core writes it. */
export function writeHubInvocation(target: string, args: readonly unknown[]): string {
  return writeRecord({ type: 1, target, arguments: args });
}

export function writeCompletion(
  invocationId: string,
  outcome: { result?: unknown; error?: string } = { result: null },
): string {
  return writeRecord(
    outcome.error === undefined
      ? { type: 3, invocationId, result: outcome.result ?? null }
      : { type: 3, invocationId, error: outcome.error },
  );
}

export const PING_TEXT = writeRecord({ type: 6 });

export function writeClose(options: { error?: string; allowReconnect?: boolean } = {}): string {
  const record: Record<string, unknown> = { type: 7 };
  if (options.error !== undefined) record.error = options.error;
  if (options.allowReconnect !== undefined) record.allowReconnect = options.allowReconnect;
  return writeRecord(record);
}
