import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ErrorCode, LabwireError } from '@labwire/core';
import { SUITE_FORMAT, SuiteEnvelopeSchema } from './envelope.js';
import { parseTypedJson } from './parse-json.js';
import { type TypedValue, field, toPlain, unwrap } from './typed-value.js';

export interface SuiteCase {
  id: string;
  kind: string;
  expect: 'ok' | 'error';
  description?: string;
  /** Present when the project deliberately differs from the reference. */
  deviation?: unknown;
  /** The case as JSON.parse sees it: wrappers left as they are. */
  json: Record<string, unknown>;
  /** The case with wrappers decoded into tags; key order and int/float kept. */
  typed: TypedValue & { type: 'object' };
  /** The case with wrappers decoded to plain JS values (bigint, Uint8Array, Tuple, NaiveDateTime). */
  plain: Record<string, unknown>;
  /** A typed field of the case. */
  get(name: string): TypedValue | undefined;
}

export interface Suite {
  file: string;
  protocol: string;
  title: string;
  /** The whole file as JSON.parse sees it (for suite-level fields such as `source`). */
  json: Record<string, unknown>;
  cases: SuiteCase[];
}

function badSuite(file: string, message: string, cause?: unknown): LabwireError {
  return new LabwireError(ErrorCode.BAD_SUITE, `${file}: ${message}`, { cause, details: { file } });
}

/** Validates and decodes one suite from its text. */
export function parseSuite(text: string, file = '<suite>'): Suite {
  let json: unknown;
  let typed: TypedValue;
  try {
    json = JSON.parse(text);
    typed = parseTypedJson(text);
  } catch (err) {
    throw badSuite(file, `not valid JSON (${(err as Error).message})`, err);
  }
  const parsed = SuiteEnvelopeSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const where = issue.path.length === 0 ? 'envelope' : issue.path.join('.');
    throw badSuite(file, `not a ${SUITE_FORMAT} suite: ${where}: ${issue.message}`);
  }
  const envelope = parsed.data;
  const typedCases = field(typed, 'cases');
  if (typedCases?.type !== 'list') throw badSuite(file, 'cases must be a list');
  const seen = new Set<string>();
  const cases: SuiteCase[] = envelope.cases.map((c, index) => {
    if (seen.has(c.id)) throw badSuite(file, `duplicate case id "${c.id}"`);
    seen.add(c.id);
    let decoded: TypedValue;
    try {
      decoded = unwrap(typedCases.items[index]!);
    } catch (err) {
      throw badSuite(file, `case "${c.id}": ${(err as Error).message}`, err);
    }
    const typedCase = decoded as TypedValue & { type: 'object' };
    const suiteCase: SuiteCase = {
      id: c.id,
      kind: c.kind,
      expect: c.expect,
      json: c as Record<string, unknown>,
      typed: typedCase,
      plain: toPlain(typedCase) as Record<string, unknown>,
      get: (name) => field(typedCase, name),
    };
    if (c.description !== undefined) suiteCase.description = c.description;
    if ('deviation' in c) suiteCase.deviation = c.deviation;
    return suiteCase;
  });
  return {
    file,
    protocol: envelope.protocol,
    title: envelope.title ?? '',
    json: json as Record<string, unknown>,
    cases,
  };
}

export function loadSuiteFile(file: string): Suite {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw badSuite(file, `cannot read (${(err as Error).message})`, err);
  }
  return parseSuite(text, file);
}

function isSuiteText(text: string): boolean {
  try {
    const json = JSON.parse(text) as { format?: unknown };
    return json !== null && typeof json === 'object' && json.format === SUITE_FORMAT;
  } catch {
    return false;
  }
}

function jsonFilesBelow(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) =>
    a.name.localeCompare(b.name),
  )) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...jsonFilesBelow(path));
    else if (entry.isFile() && entry.name.endsWith('.json')) out.push(path);
  }
  return out;
}

/**
 * Loads suites from files and folders. In a folder, only `*.json` files whose format is
 * `labwire-vectors/1` are suites (others are data); a file named explicitly must be a suite.
 */
export function loadSuites(paths: readonly string[]): Suite[] {
  const suites: Suite[] = [];
  for (const p of paths) {
    const path = resolve(p);
    let stat: ReturnType<typeof statSync>;
    try {
      stat = statSync(path);
    } catch (err) {
      throw badSuite(p, 'no such file or folder', err);
    }
    if (stat.isDirectory()) {
      for (const file of jsonFilesBelow(path)) {
        const text = readFileSync(file, 'utf8');
        if (isSuiteText(text)) suites.push(parseSuite(text, file));
      }
    } else {
      suites.push(loadSuiteFile(path));
    }
  }
  return suites;
}
