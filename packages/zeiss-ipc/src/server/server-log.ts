import { hasLoneSurrogate } from '../codec/request-generate.js';
import { HandlerCrash } from '../python/index.js';

/** Lines kept in `lines` (the sink gets every line whole). */
export const SERVER_LOG_MAX_LINES = 1000;
/** Longer kept lines are shortened, so a 1 MiB request does not pin 1 MiB of log. */
export const SERVER_LOG_MAX_LINE_CHARS = 2000;

/**
 * The reference server's `print()` lines (§4.1). They are not protocol, but printing matters:
 * CPython's strict UTF-8 stdout raises UnicodeEncodeError for a lone surrogate, and where that
 * happens inside or outside a `try` decides between an error reply and a crash.
 */
export class ServerLog {
  readonly lines: string[] = [];
  constructor(private readonly sink?: (line: string) => void) {}

  print(line: string): void {
    if (hasLoneSurrogate(line)) {
      throw new HandlerCrash(
        'UnicodeEncodeError',
        "'utf-8' codec can't encode character: surrogates not allowed",
      );
    }
    if (this.lines.length >= SERVER_LOG_MAX_LINES) this.lines.shift();
    this.lines.push(
      line.length > SERVER_LOG_MAX_LINE_CHARS ? `${line.slice(0, SERVER_LOG_MAX_LINE_CHARS)}…` : line,
    );
    this.sink?.(line);
  }
}
