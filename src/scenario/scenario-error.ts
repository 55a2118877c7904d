import { BidlabError } from '../errors.js';

/**
 * Codes raised while loading a scenario: the file cannot be read, is not valid YAML, does not
 * match the schema (or a check across fields), or names a model file that does not exist.
 */
export type ScenarioErrorCode = 'SCENARIO_READ' | 'SCENARIO_YAML' | 'SCENARIO_INVALID' | 'SCENARIO_MODEL_NOT_FOUND';

/** One problem in a scenario file, at a 1-based line and column. */
export interface ScenarioIssue {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  /** Path to the field, as `field` prints it; empty for the document itself. */
  readonly path: readonly (string | number)[];
  /** The field, e.g. `campaigns[0].frequencyCap.impressions`; empty for the document itself. */
  readonly field: string;
  readonly message: string;
}

/** `file:line:column: field: message`, the form editors and terminals link to the spot. */
export function formatScenarioIssue(issue: ScenarioIssue): string {
  const field = issue.field === '' ? '' : `${issue.field}: `;
  return `${issue.file}:${issue.line}:${issue.column}: ${field}${issue.message}`;
}

/** Every problem found in one pass, in file order; `issues` holds them for programs. */
export class ScenarioError extends BidlabError {
  declare readonly code: ScenarioErrorCode;
  readonly issues: readonly ScenarioIssue[];

  constructor(code: ScenarioErrorCode, file: string, issues: readonly ScenarioIssue[], message?: string) {
    const only = issues.length === 1 ? issues[0] : undefined;
    const where = only ? `${only.file}:${only.line}:${only.column}` : file;
    const text =
      message ??
      (only
        ? `${only.field === '' ? '' : `${only.field}: `}${only.message}`
        : `${issues.length} problems:\n${issues.map((issue) => `  ${formatScenarioIssue(issue)}`).join('\n')}`);
    super(code, text, where);
    this.issues = Object.freeze([...issues]);
  }
}
