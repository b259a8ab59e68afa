/**
 * Default limits and timeouts (shared/DESIGN.md, "Defaults"). Every one is configurable where it
 * is used; these are the values a component takes when it is not told otherwise.
 */
const KiB = 1024;
const MiB = 1024 * KiB;
const GiB = 1024 * MiB;

export const Limits = {
  /** PyMoDAQ: largest accepted message (u32 length prefix is untrusted). */
  pymodaqMessageBytes: 256 * MiB,
  /** IMB3: largest payload, as the reference clients. */
  imbPayloadBytes: 10 * MiB,
  /** IFCB: largest SignalR hub frame. */
  ifcbFrameBytes: 16 * MiB,
  /** INDI: largest element other than a BLOB body. */
  indiElementBytes: 1 * MiB,
  /** INDI: largest BLOB (decoded). */
  indiBlobBytes: 1 * GiB,
  /** INDI: largest inflated `.z` BLOB output. */
  indiInflateBytes: 1 * GiB,
  /** INDI: largest inflate ratio (output / input). */
  indiInflateRatio: 1000,
  /** ZEISS IPC: the reference server closes with 1009 above this. */
  zeissMessageBytes: 1 * MiB,
  /** Bus: events queued per subscriber before the overflow policy applies. */
  busQueueEvents: 10_000,
} as const;

export const Timeouts = {
  /** Opening a TCP or WebSocket connection. */
  connectMs: 10_000,
  /** INDI: a vector's own `timeout` is clamped to this range. */
  indiCommandMinMs: 2_000,
  indiCommandMaxMs: 120_000,
  /** INDI: when the vector gives no timeout. */
  indiCommandDefaultMs: 30_000,
  /** PyMoDAQ: a client must identify within this time. */
  pymodaqIdentifyMs: 10_000,
  /** PyMoDAQ: a request's reply. */
  pymodaqRequestMs: 60_000,
  /** ZEISS INSPECT: imports are slow. */
  zeissCommandMs: 300_000,
  /** IFCB: a hub invocation's completion. */
  ifcbCommandMs: 30_000,
  /** Closing a connection gracefully before it is destroyed. */
  closeGraceMs: 2_000,
} as const;

/** Reconnect defaults: 0.5 s doubling with ±20% jitter to a 30 s cap, forever, reset after 60 s up. */
export const ReconnectDefaults = {
  initialDelayMs: 500,
  factor: 2,
  jitter: 0.2,
  maxDelayMs: 30_000,
  maxAttempts: Number.POSITIVE_INFINITY,
  resetAfterMs: 60_000,
} as const;

/** Clamps an INDI vector timeout (seconds, possibly absent) to the command timeout in ms. */
export function indiCommandTimeoutMs(vectorTimeoutSeconds: number | undefined): number {
  if (
    vectorTimeoutSeconds === undefined ||
    !Number.isFinite(vectorTimeoutSeconds) ||
    vectorTimeoutSeconds <= 0
  ) {
    return Timeouts.indiCommandDefaultMs;
  }
  const ms = vectorTimeoutSeconds * 1000;
  return Math.min(Timeouts.indiCommandMaxMs, Math.max(Timeouts.indiCommandMinMs, ms));
}
