import { type Logger, pino } from 'pino';

/** Structured JSON logs on stdout (pino), one line per event, for journald, Docker or Loki. */
export function createLogger(level: string = 'info', destination?: NodeJS.WritableStream): Logger {
  const options = { level, base: { app: 'labwire-gateway' }, timestamp: pino.stdTimeFunctions.isoTime };
  return destination === undefined ? pino(options) : pino(options, destination);
}
