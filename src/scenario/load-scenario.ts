import { readFile, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import { crossChecks } from './cross-checks.js';
import { deepFreeze, type DeepReadonly } from './deep-freeze.js';
import { describeIssue, type FieldProblem } from './describe-issue.js';
import { fieldPath } from './field-path.js';
import { ScenarioError, type ScenarioErrorCode, type ScenarioIssue } from './scenario-error.js';
import { scenarioSchema, type ScenarioConfig } from './scenario-schema.js';
import { YamlLocator } from './yaml-locator.js';

/** A validated scenario: every default filled in, model paths absolute, frozen all the way down. */
export type Scenario = DeepReadonly<ScenarioConfig>;

export interface LoadScenarioOptions {
  /** Check that every model file a policy names exists. Default true. */
  readonly checkModels?: boolean;
}

interface Validated {
  readonly scenario: Scenario;
  readonly raw: unknown;
  readonly locator: YamlLocator;
}

/**
 * Validates scenario YAML `text`. `file` names it in messages and is where relative model paths
 * start from. Reads no files: model files are checked by {@link loadScenario}.
 * @throws ScenarioError SCENARIO_YAML or SCENARIO_INVALID, with every problem found.
 */
export function parseScenario(text: string, file: string): Scenario {
  return validate(text, file).scenario;
}

/**
 * Reads and validates the scenario file at `file`.
 * @throws ScenarioError SCENARIO_READ, SCENARIO_YAML, SCENARIO_INVALID or SCENARIO_MODEL_NOT_FOUND.
 */
export async function loadScenario(file: string, options: LoadScenarioOptions = {}): Promise<Scenario> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new ScenarioError('SCENARIO_READ', file, [], `cannot read the scenario file: ${(error as Error).message}`);
  }
  const validated = validate(text, file);
  if (options.checkModels ?? true) await checkModelFiles(validated, file);
  return validated.scenario;
}

function validate(text: string, file: string): Validated {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  const locator = new YamlLocator(doc, lineCounter);
  if (doc.errors.length > 0) {
    const issues = doc.errors.map((error): ScenarioIssue => {
      const { line, column } = locator.at(error.pos[0]);
      return { file, line, column, path: [], field: '', message: `invalid YAML: ${error.message}` };
    });
    throw new ScenarioError('SCENARIO_YAML', file, issues);
  }
  let raw: unknown;
  try {
    raw = doc.toJS();
  } catch (error) {
    const issue = { file, line: 1, column: 1, path: [], field: '', message: `invalid YAML: ${(error as Error).message}` };
    throw new ScenarioError('SCENARIO_YAML', file, [issue]);
  }
  const parsed = scenarioSchema.safeParse(raw, { reportInput: true });
  const problems = parsed.success
    ? crossChecks(parsed.data)
    : parsed.error.issues.flatMap((issue) => describeIssue(issue, scenarioSchema, raw));
  if (problems.length > 0 || !parsed.success) throw located('SCENARIO_INVALID', file, problems, locator);
  const config = structuredClone(parsed.data);
  const base = dirname(resolve(file));
  config.policies = config.policies.map((policy) =>
    policy.kind !== 'model'
      ? policy
      : { ...policy, model: resolve(base, policy.model) },
  );
  return { scenario: deepFreeze(config), raw, locator };
}

async function checkModelFiles({ scenario, raw, locator }: Validated, file: string): Promise<void> {
  const problems: FieldProblem[] = [];
  const written = raw as { policies: Record<string, unknown>[] };
  for (const [index, policy] of scenario.policies.entries()) {
    if (policy.kind !== 'model') continue;
    for (const field of ['model'] as const) {
      const path = policy[field];
      if (path === undefined) continue;
      const isFile = await stat(path).then(
        (info) => info.isFile(),
        () => false,
      );
      if (!isFile) {
        const message = `model file '${String(written.policies[index][field])}' not found: no file at ${path}`;
        problems.push({ path: ['policies', index, field], target: 'value', message });
      }
    }
  }
  if (problems.length > 0) throw located('SCENARIO_MODEL_NOT_FOUND', file, problems, locator);
}

function located(code: ScenarioErrorCode, file: string, problems: readonly FieldProblem[], locator: YamlLocator): ScenarioError {
  const issues = problems
    .map((problem, order) => {
      const { line, column } = locator.locate(problem.path, problem.target);
      const path = problem.path.map((segment) => (typeof segment === 'number' ? segment : String(segment)));
      return { issue: { file, line, column, path, field: fieldPath(path), message: problem.message }, order };
    })
    .sort((a, b) => a.issue.line - b.issue.line || a.issue.column - b.issue.column || a.order - b.order)
    .map(({ issue }) => issue);
  return new ScenarioError(code, file, issues);
}
