import type { ZeissDialect } from '../codec/dialects.js';
import { hasLoneSurrogate } from '../codec/request-generate.js';
import { HandlerCrash, parsePyJson, pyReprString, pyStr } from '../python/index.js';
import type { ServerLog } from './server-log.js';
import type { ZeissRequestContext, ZeissRequestHandler } from './handler.js';

export const MALFORMED_JSON_REPLY = 'Error: Malformed JSON message.';
export const QUIT_CLOSE_CODE = 1000;
export const QUIT_CLOSE_REASON = 'Closing connection.';

/** What the server does with one request. */
export type RequestOutcome =
  | { kind: 'reply'; text: string }
  /** The raw quit word: reply bye, close 1000 `Closing connection.` */
  | { kind: 'quit'; text: string }
  /** The handler raised: close 1011 (WebSocket) or drop the connection (legacy-tcp). */
  | { kind: 'crash'; error: Error };

export interface PipelineOptions {
  dialect: ZeissDialect;
  handler: ZeissRequestHandler;
  log: ServerLog;
  strictJson: boolean;
  /** Print the parsed value as the example server does (Basics prints inside its handler instead). */
  printParsed?: boolean;
}

/**
 * The per-message steps of the reference server (§4.1): log, quit prefix test on the raw text,
 * `json.loads` with Python semantics, print, dispatch, and a reply that must be encodable.
 */
export async function processRequest(
  text: string,
  context: ZeissRequestContext,
  options: PipelineOptions,
): Promise<RequestOutcome> {
  const { dialect, log } = options;
  try {
    log.print(`request=${pyReprString(text)}`);
    if (dialect.quitWord !== undefined && text.startsWith(dialect.quitWord)) {
      return { kind: 'quit', text: dialect.byeWord ?? 'bye' };
    }
    const parsed = parsePyJson(text, { strict: options.strictJson });
    if (!parsed.ok) {
      if (parsed.kind === 'crash') throw new HandlerCrash('ValueError', parsed.message);
      return { kind: 'reply', text: MALFORMED_JSON_REPLY };
    }
    if (options.printParsed !== false) log.print(pyStr(parsed.value));
    const reply = await options.handler(parsed.value, context);
    if (typeof reply !== 'string') throw new HandlerCrash('TypeError', 'handler returned no reply text');
    // websockets encodes the reply as UTF-8; a lone surrogate raises outside any try.
    if (hasLoneSurrogate(reply)) throw new HandlerCrash('UnicodeEncodeError', 'surrogates not allowed');
    return { kind: 'reply', text: reply };
  } catch (err) {
    return { kind: 'crash', error: err instanceof Error ? err : new Error(String(err)) };
  }
}
