import { ErrorCode, LabwireError, type TransportCloseInfo, abortError } from '@labwire/core';
import type { ZeissConnection } from './connection.js';

/** The hooks through which a connection's events reach the request waiting for its reply. */
export interface InFlight {
  reply(text: string): void;
  closed(info: TransportCloseInfo): void;
  failed(error: LabwireError): void;
}

/** The request was sent but no reply came: it may or may not have run on the instrument. */
export function outcomeUnknown(
  message: string,
  details: Record<string, unknown>,
  cause?: unknown,
): LabwireError {
  return new LabwireError(ErrorCode.OUTCOME_UNKNOWN, message, { details, cause });
}

/**
 * Sends one payload and waits for the reply that answers it. The protocol has no ids: the next
 * reply on the connection is the answer. Whatever ends the wait without a reply — a close
 * (1011, 1009, 1006…), a connection error, the timeout, an abort after sending — is
 * OUTCOME_UNKNOWN, and for the last three the connection is dropped, since a late reply would
 * otherwise be taken as the answer to the next request. `track` installs and removes the hooks.
 */
export function sendAndAwaitReply(
  connection: ZeissConnection,
  payload: string | Uint8Array,
  options: { timeoutMs: number; signal?: AbortSignal | undefined },
  track: (flight: InFlight | undefined) => void,
): Promise<string> {
  const { timeoutMs, signal } = options;
  return new Promise<string>((resolve, reject) => {
    let settled = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const finish = (error: LabwireError | undefined, text?: string) => {
      if (settled) return;
      settled = true;
      track(undefined);
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      if (error === undefined) resolve(text!);
      else reject(error);
    };
    const giveUp = (error: LabwireError) => {
      finish(error);
      connection.destroy();
    };
    const onAbort = () =>
      giveUp(outcomeUnknown('aborted after the request was sent', {}, abortError(signal!)));
    track({
      reply: (text) => finish(undefined, text),
      closed: (info) =>
        finish(
          outcomeUnknown(
            `connection closed${info.code === undefined ? '' : ` with ${info.code}`} before the reply; the command may or may not have run`,
            { closeCode: info.code, closeReason: info.reason, hadError: info.hadError },
          ),
        ),
      failed: (error) =>
        giveUp(outcomeUnknown(`connection failed before the reply: ${error.message}`, {}, error)),
    });
    timer = setTimeout(
      () =>
        giveUp(
          outcomeUnknown(`no reply within ${timeoutMs} ms; the command may still be running`, { timeoutMs }),
        ),
      timeoutMs,
    );
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      connection.send(payload);
    } catch (err) {
      // Nothing went out: the outcome is known, and the error says why.
      settled = true;
      track(undefined);
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      reject(err);
    }
  });
}
