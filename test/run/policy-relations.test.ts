import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { runScenario, type RunSummary } from '../../src/run/run-scenario.js';
import { parseScenario } from '../../src/scenario/index.js';

const ROOT = join(import.meta.dirname, '../..');
const SEEDS = [1, 2, 3, 4, 5];

/**
 * The quickstart world in the setting where both relations hold by construction, so a failure
 * is a bug (a probability that is not the attributed one, broken common random numbers, a market
 * that charges the wrong price) rather than noise:
 * - second price, and every scoring policy prices truthfully (margin 0, shading 1, ROI target 1):
 *   bidding the true expected value is then the most profitable bid on every single auction, so
 *   no estimate of the probability can earn more than the truth in expectation;
 * - budgets and caps that never bind, so one auction's result cannot change another's;
 * - bid-everything bids the most any policy may bid (maxCpm), so it wins, and pays at least as
 *   much for, every impression another policy wins.
 */
function relationScenario() {
  const doc = parse(readFileSync(join(ROOT, 'scenarios/quickstart.yaml'), 'utf8'));
  const truthful = { rule: 'expected-value', margin: 0, shading: 1, maxCpm: 30 };
  doc.name = 'policy-relations';
  doc.market = { auction: 'second-price' };
  Object.assign(doc.campaigns[0], { roiTarget: 1, dailyBudget: 100_000, frequencyCap: { impressions: 1000, perHours: 24 } });
  doc.policies = [
    { name: 'champion', kind: 'model', model: '../fixtures/models/champion/model.txt', pricing: truthful },
    { name: 'challenger', kind: 'model', model: '../fixtures/models/challenger/model.txt', pricing: truthful },
    { name: 'bid-everything', kind: 'bid-everything', pricing: { rule: 'fixed', cpm: 30 } },
    { name: 'oracle', kind: 'oracle', pricing: truthful },
  ];
  doc.output = { events: false };
  return parseScenario(stringify(doc), join(ROOT, 'scenarios/policy-relations.yaml'));
}

const profit = (s: RunSummary, name: string) => {
  const p = s.policies.find((x) => x.name === name)!;
  return p.attributedRevenue - p.spend;
};

describe('relations between policies across seeds', () => {
  it('the oracle is not beaten on profit in expectation, and bid-everything spends the most', async () => {
    const scenario = relationScenario();
    const runs: RunSummary[] = [];
    for (const seed of SEEDS) runs.push(await runScenario(scenario, { seed, maxOpportunities: 100_000 }));

    for (const run of runs) {
      const all = run.policies.find((p) => p.name === 'bid-everything')!;
      for (const p of run.policies) expect(all.spend, `${p.name}, seed ${run.seed}`).toBeGreaterThanOrEqual(p.spend);
      // Not vacuous: every policy bought impressions and some converted.
      for (const p of run.policies) expect(p.wins, `${p.name}, seed ${run.seed}`).toBeGreaterThan(100);
      expect(run.policies.find((p) => p.name === 'oracle')!.conversions).toBeGreaterThan(5);
    }
    const mean = (name: string) => runs.reduce((sum, r) => sum + profit(r, name), 0) / runs.length;
    const oracle = mean('oracle');
    for (const model of ['champion', 'challenger']) expect(oracle, model).toBeGreaterThanOrEqual(mean(model));
    // Buying everything at the top price loses money: the comparison has something to show.
    expect(mean('bid-everything')).toBeLessThan(oracle);
  });
});
