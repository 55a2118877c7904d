import { expect } from 'vitest';
import { parseScenario, ScenarioError, type ScenarioIssue } from '../../src/scenario/index.js';

/** A small valid scenario; tests edit its lines, so line numbers below refer to it. */
export const MINIMAL = `name: t
seed: 1
world:
  users: 1000
traffic:
  requestsPerDay: 5000
campaigns:
  - id: shop
    app:
      bundle: com.example.shop
      category: shopping
      platform: android
    goal: re-engagement
    valuePerConversion: 2
    dailyBudget: 20
policies:
  - name: oracle
    kind: oracle
`;

/** MINIMAL with `from` replaced by `to` (which must occur exactly once). */
export function edit(from: string, to: string, text = MINIMAL): string {
  expect(text.split(from).length, `'${from}' occurs once`).toBe(2);
  return text.replace(from, to);
}

/** The ScenarioError that parsing `text` throws. */
export function parseError(text: string, file = 't.yaml'): ScenarioError {
  try {
    parseScenario(text, file);
  } catch (error) {
    expect(error).toBeInstanceOf(ScenarioError);
    return error as ScenarioError;
  }
  throw new Error('expected the scenario to be rejected');
}

/** Each issue as `line:column field: message`, for compact assertions. */
export function brief(issues: readonly ScenarioIssue[]): string[] {
  return issues.map((i) => `${i.line}:${i.column} ${i.field}: ${i.message}`);
}
