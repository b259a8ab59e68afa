import { LabwireError } from '@labwire/core';

export const CONFIG_INVALID = 'GATEWAY_CONFIG_INVALID';

/** One problem in a config file, located so a person can find it. */
export interface ConfigIssue {
  /** `connectors.scope.options.port` */
  path: string;
  /** 1-based, when the file is YAML/JSON text we parsed. */
  line?: number;
  column?: number;
  message: string;
}

export function formatIssue(file: string, issue: ConfigIssue): string {
  const where = issue.line === undefined ? file : `${file}:${issue.line}:${issue.column ?? 1}`;
  return `${where}  ${issue.path === '' ? '(top level)' : issue.path}: ${issue.message}`;
}

/** Thrown by the loader with every issue it found, each naming its line and path. */
export class ConfigError extends LabwireError {
  constructor(
    readonly file: string,
    readonly issues: ConfigIssue[],
  ) {
    super(
      CONFIG_INVALID,
      `${file}: ${issues.length} problem(s)\n${issues.map((i) => formatIssue(file, i)).join('\n')}`,
      {
        details: { file, issues },
      },
    );
  }
}

export function joinPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out;
}
