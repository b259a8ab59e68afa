export * from './registry.js';
export * from './runner.js';
export * from './report.js';
export type { CaseContext, CaseHandler, CaseOutcome, ConformanceAdapter } from '@labwire/testkit/vectors';
export { fail, outcomeOf, pass } from '@labwire/testkit/vectors';
