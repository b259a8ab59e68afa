/**
 * The wire generations of PyMoDAQ's TCP/IP link (protocol reference §2). They cannot be told
 * apart reliably from the bytes, so a connection speaks exactly one, chosen by configuration.
 */
export const DIALECTS = ['v1', 'v2', 'v4.3', 'v4', 'v5'] as const;
export type Dialect = (typeof DIALECTS)[number];

/** PyMoDAQ 4.4.x: the project default. */
export const DEFAULT_DIALECT: Dialect = 'v4';

export function isDialect(value: unknown): value is Dialect {
  return typeof value === 'string' && (DIALECTS as readonly string[]).includes(value);
}

/** v4.3, v4 and v5 carry DataWithAxes objects; v1 and v2 only arrays and scalars. */
export function hasObjects(dialect: Dialect): boolean {
  return dialect === 'v4.3' || dialect === 'v4' || dialect === 'v5';
}
