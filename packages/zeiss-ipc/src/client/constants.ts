import { Limits, ReconnectDefaults, Timeouts } from '@labwire/core';

/** A request's reply: imports are slow, so the default is generous (DESIGN.md: ZEISS 300 s). */
export const ZEISS_COMMAND_TIMEOUT_MS = Timeouts.zeissCommandMs;
/** Opening the WebSocket or TCP connection. */
export const ZEISS_CONNECT_TIMEOUT_MS = Timeouts.connectMs;
/** The reference server closes with 1009 above this, so the client refuses such requests itself. */
export const ZEISS_MAX_REQUEST_BYTES = Limits.zeissMessageBytes;
/** Replies can echo a whole request in Python syntax, which may be longer than the request. */
export const ZEISS_MAX_REPLY_BYTES = 8 * 1024 * 1024;
/** Background reconnect after the connection drops: 0.5 s doubling, ±20% jitter, 30 s cap. */
export const ZEISS_RECONNECT = ReconnectDefaults;
