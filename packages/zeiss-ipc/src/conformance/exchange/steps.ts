/** The `steps` of an exchange case (shared/conformance/zeiss-ipc/README.md, "Steps"). */
export type ExchangeStep =
  | { op: 'connect'; conn: string; path?: string; expect?: 'refused' }
  | {
      op: 'sendText';
      conn: string;
      text?: string;
      repeat?: number;
      parts?: Array<{ text: string; repeat?: number }>;
      fragments?: string[];
      hex?: string;
    }
  | { op: 'sendBinary'; conn: string; hex: string }
  | { op: 'sendBytes'; conn: string; hex: string }
  | { op: 'shutdownWrite'; conn: string }
  | { op: 'sleep'; ms: number }
  | { op: 'expectText'; conn: string; text: string; atLeastMs?: number }
  | { op: 'expectClose'; conn: string; code: number; reason: string; matchReason?: boolean }
  | { op: 'expectBytes'; conn: string; hex: string }
  | { op: 'expectEof'; conn: string }
  | { op: 'close'; conn: string };

/** The payload of a `sendText` step: text repeated, parts concatenated, or raw hex bytes. */
export function textPayload(step: Extract<ExchangeStep, { op: 'sendText' }>): string | Buffer {
  if (step.hex !== undefined) return Buffer.from(step.hex, 'hex');
  if (step.parts !== undefined) return step.parts.map((p) => p.text.repeat(p.repeat ?? 1)).join('');
  if (step.fragments !== undefined) return step.fragments.join('');
  return (step.text ?? '').repeat(step.repeat ?? 1);
}

export function describeStep(index: number, step: ExchangeStep): string {
  return `step ${index + 1} (${step.op}${'conn' in step ? ` ${step.conn}` : ''})`;
}
