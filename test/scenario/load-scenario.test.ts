import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadScenario, ScenarioError } from '../../src/scenario/index.js';
import { brief, edit } from './scenario-text.js';

const TWO_MODELS = edit(
  '  - name: oracle\n    kind: oracle\n',
  '  - name: champion\n    kind: model\n    model: ../models/champion/model.txt\n' +
    '  - name: challenger\n    kind: model\n    model: ../models/challenger/model.txt\n' +
    '  - name: third\n    kind: model\n    model: ../models/value/model.txt\n',
);

describe('loadScenario', () => {
  let root: string;
  let scenarioFile: string;

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'bidlab-scenario-'));
    mkdirSync(join(root, 'scenarios'));
    mkdirSync(join(root, 'models', 'champion'), { recursive: true });
    writeFileSync(join(root, 'models', 'champion', 'model.txt'), 'tree\n');
    mkdirSync(join(root, 'models', 'value', 'model.txt'), { recursive: true }); // a directory, not a file
    scenarioFile = join(root, 'scenarios', 's.yaml');
    writeFileSync(scenarioFile, TWO_MODELS);
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('names every model file that is missing, with its line, relative to the scenario file', async () => {
    const error = await loadScenario(scenarioFile).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ScenarioError);
    const { code, issues } = error as ScenarioError;
    expect(code).toBe('SCENARIO_MODEL_NOT_FOUND');
    expect(brief(issues)).toEqual([
      `22:12 policies[1].model: model file '../models/challenger/model.txt' not found: no file at ${join(root, 'models', 'challenger', 'model.txt')}`,
      `25:12 policies[2].model: model file '../models/value/model.txt' not found: no file at ${join(root, 'models', 'value', 'model.txt')}`,
    ]);
    expect(issues[0].file).toBe(scenarioFile);
  });

  it('loads when every model exists, with absolute model paths', async () => {
    writeFileSync(join(root, 'models', 'challenger.txt'), 'tree\n');
    const file = join(root, 'scenarios', 'ok.yaml');
    writeFileSync(file, TWO_MODELS.replace('../models/challenger/model.txt', '../models/challenger.txt').replace('../models/value/model.txt', '../models/champion/model.txt'));
    const scenario = await loadScenario(file);
    expect(scenario.policies.map((p) => (p.kind === 'model' ? p.model : p.kind))).toEqual([
      join(root, 'models', 'champion', 'model.txt'),
      join(root, 'models', 'challenger.txt'),
      join(root, 'models', 'champion', 'model.txt'),
    ]);
  });

  it('skips the model check with checkModels: false', async () => {
    const scenario = await loadScenario(scenarioFile, { checkModels: false });
    expect(scenario.policies).toHaveLength(3);
  });

  it('says when the file cannot be read', async () => {
    const missing = join(root, 'nope.yaml');
    const error = (await loadScenario(missing).catch((e: unknown) => e)) as ScenarioError;
    expect(error.code).toBe('SCENARIO_READ');
    expect(error.where).toBe(missing);
    expect(error.message).toMatch(/cannot read the scenario file: ENOENT/);
  });

  it('reports schema problems before looking for model files', async () => {
    const file = join(root, 'scenarios', 'bad.yaml');
    writeFileSync(file, TWO_MODELS.replace('seed: 1', 'seed: one'));
    const error = (await loadScenario(file).catch((e: unknown) => e)) as ScenarioError;
    expect(error.code).toBe('SCENARIO_INVALID');
    expect(error.message).toBe(`${file}:2:7: seed: expected an integer, got 'one'`);
  });
});
