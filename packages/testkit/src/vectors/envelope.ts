import { z } from 'zod';

/** The `labwire-vectors/1` envelope (shared/conformance/README.md). Unknown fields are allowed. */
export const SUITE_FORMAT = 'labwire-vectors/1';

export const CaseEnvelopeSchema = z.looseObject({
  id: z.string().min(1, 'a case id must be a non-empty string'),
  kind: z.string().min(1, 'a case kind must be a non-empty string'),
  expect: z.enum(['ok', 'error'], { message: 'expect must be "ok" or "error"' }),
  description: z.string().optional(),
});

export const SuiteEnvelopeSchema = z.looseObject({
  format: z.literal(SUITE_FORMAT, { message: `format must be "${SUITE_FORMAT}"` }),
  protocol: z.string().min(1, 'protocol must be a non-empty string'),
  title: z.string().optional(),
  source: z.unknown().optional(),
  cases: z.array(CaseEnvelopeSchema),
});
