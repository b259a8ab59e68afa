import { hasLoneSurrogate } from '../codec/request-generate.js';
import { HandlerCrash } from '../python/index.js';

/**
 * The reference server's `print()` lines (§4.1). They are not protocol, but printing matters:
 * CPython's strict UTF-8 stdout raises UnicodeEncodeError for a lone surrogate, and where that
 * happens inside or outside a `try` decides between an error reply and a crash.
 */
export class ServerLog {
  readonly lines: string[] = [];
  constructor(
    private readonly sink?: (line: string) => void,
    private readonly maxLines = 1000,
  ) {}

  print(line: string): void {
    if (hasLoneSurrogate(line)) {
      throw new HandlerCrash(
        'UnicodeEncodeError',
        "'utf-8' codec can't encode character: surrogates not allowed",
      );
    }
    if (this.lines.length >= this.maxLines) this.lines.shift();
    this.lines.push(line);
    this.sink?.(line);
  }
}
