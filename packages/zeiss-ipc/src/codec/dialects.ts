/**
 * The three reference dialects (shared/protocols/zeiss-ipc.md §1, §8, §9) as configuration.
 * Everything that differs between them is a field here, so a deployment that extended the
 * templates (other success words, numbers instead of strings) is a dialect too.
 */
export type ZeissDialectId = 'example' | 'basics' | 'legacy-tcp';

export interface ZeissDialect {
  readonly id: ZeissDialectId | (string & {});
  /** `websocket`: one text message per request and reply; `tcp`: 0x04-terminated request, CR LF reply, one per connection. */
  readonly transport: 'websocket' | 'tcp';
  /** Replies that mean success (`O.k.` for example, `Ok` for basics). */
  readonly successTokens: readonly string[];
  /** The raw word a client sends to end the session (`undefined`: the dialect has none). */
  readonly quitWord: string | undefined;
  /** The reply to a quit. */
  readonly byeWord: string | undefined;
  /** Appended to every request text (`\n` for example, as the reference client does). */
  readonly requestSuffix: string;
  /** How `focal_length` is sent: the reference clients send a string holding Python's float repr. */
  readonly focalLengthAs: 'string' | 'number';
  /** The reference server port. */
  readonly defaultPort: number;
}

export const ZEISS_WS_DEFAULT_PORT = 40010;
export const ZEISS_LEGACY_TCP_DEFAULT_PORT = 7000;

/** End of a legacy-tcp request (EOT). */
export const LEGACY_REQUEST_TERMINATOR = 0x04;
/** A legacy-tcp read of exactly this byte aborts the server (SUB). */
export const LEGACY_ABORT_BYTE = 0x1a;

export const Dialects: Readonly<Record<ZeissDialectId, ZeissDialect>> = {
  example: {
    id: 'example',
    transport: 'websocket',
    successTokens: ['O.k.'],
    quitWord: 'quit',
    byeWord: 'bye',
    requestSuffix: '\n',
    focalLengthAs: 'string',
    defaultPort: ZEISS_WS_DEFAULT_PORT,
  },
  basics: {
    id: 'basics',
    transport: 'websocket',
    successTokens: ['Ok'],
    quitWord: 'quit',
    byeWord: 'bye',
    requestSuffix: '',
    focalLengthAs: 'string',
    defaultPort: ZEISS_WS_DEFAULT_PORT,
  },
  'legacy-tcp': {
    id: 'legacy-tcp',
    transport: 'tcp',
    successTokens: ['O.k.'],
    quitWord: undefined,
    byeWord: undefined,
    requestSuffix: '',
    focalLengthAs: 'string',
    defaultPort: ZEISS_LEGACY_TCP_DEFAULT_PORT,
  },
};

export const DIALECT_IDS = Object.keys(Dialects) as ZeissDialectId[];

/** A dialect by id, or a built-in dialect with some fields replaced. */
export function resolveDialect(
  dialect: ZeissDialectId | ZeissDialect | undefined,
  overrides: Partial<ZeissDialect> = {},
): ZeissDialect {
  const base =
    dialect === undefined ? Dialects.example : typeof dialect === 'string' ? Dialects[dialect] : dialect;
  if (base === undefined) throw new TypeError(`unknown ZEISS IPC dialect "${String(dialect)}"`);
  return Object.keys(overrides).length === 0 ? base : { ...base, ...overrides };
}
