import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { USER_COLUMNS } from '../../src/metrics/index.js';
import { reportJson } from '../../src/report/index.js';
import { ComparisonCollector } from '../../src/run/comparison-collector.js';
import { comparePolicies } from '../../src/run/compare-policies.js';
import { compareScenario } from '../../src/run/compare-scenario.js';
import { runScenario } from '../../src/run/run-scenario.js';
import { seedSpread } from '../../src/run/seed-spread.js';
import { loadScenario, parseScenario, ScenarioError } from '../../src/scenario/index.js';

const ROOT = join(import.meta.dirname, '../..');
const CHALLENGER = join(ROOT, 'fixtures/models/challenger/model.txt');
const N = 40_000;
const quickstart = () => loadScenario(join(ROOT, 'scenarios/quickstart.yaml'));

describe('compareScenario', () => {
  it('books at win time exactly the conversions and revenue the attribution sink delivers, and collecting changes nothing', async () => {
    const { scenario } = comparePolicies(await quickstart(), { challengerModel: CHALLENGER });
    const collector = new ComparisonCollector(scenario.policies.map((p) => p.name), scenario.world.users);
    const plain = await runScenario(scenario, { maxOpportunities: N });
    const collected = await runScenario(scenario, { maxOpportunities: N, comparison: collector });
    expect(JSON.stringify(collected)).toBe(JSON.stringify(plain));
    collected.policies.forEach((p, i) => {
      const t = collector.users.totals(i);
      expect(t.wins).toBe(p.wins);
      expect(t.conversions).toBe(p.conversions);
      // Re-engagements are worth a whole number of dollars here, so the sums are exact in any order.
      expect(t.revenue).toBe(p.attributedRevenue);
      expect(t.spend).toBeCloseTo(p.spend, 9);
      const timeline = collector.timeline.report().policies[i]!;
      expect(timeline.conversions.at(-1) ?? 0).toBe(p.conversions);
    });
    expect(collected.policies.some((p) => p.conversions > 0)).toBe(true);
  });

  it('matches the sink on a purchase-goal campaign too (several attributed purchases per impression)', async () => {
    const base = await loadScenario(join(ROOT, 'scenarios/games-retargeting.yaml'));
    const { scenario } = comparePolicies(base, {});
    const collector = new ComparisonCollector(scenario.policies.map((p) => p.name), scenario.world.users);
    const r = await runScenario(scenario, { maxOpportunities: 60_000, comparison: collector });
    let conversions = 0;
    r.policies.forEach((p, i) => {
      const t = collector.users.totals(i);
      expect(t.conversions).toBe(p.conversions);
      // Purchase values are whole cents; summed per user, then over users, the doubles differ from the
      // sink's sum in time order only far below a cent.
      expect(Math.round(t.revenue * 100)).toBe(Math.round(p.attributedRevenue * 100));
      conversions += p.conversions;
    });
    expect(conversions).toBeGreaterThan(0);
  });

  it('gives the same report for the same seed, with every section filled', async () => {
    const s = await quickstart();
    const options = { challengerModel: CHALLENGER, maxOpportunities: N, version: 'test', gate: ['roi-diff>=0@95', 'ece<=0.5'] };
    const a = await compareScenario(s, options);
    const b = await compareScenario(s, options);
    expect(reportJson(b.report)).toBe(reportJson(a.report));
    const r = a.report;
    expect(r.policies.map((p) => p.name)).toEqual(['champion', 'challenger', 'bid-everything', 'oracle']);
    expect(r.models.map((m) => m.policy)).toEqual(['champion', 'challenger']);
    expect(r.models[0]!.sha256).not.toBe(r.models[1]!.sha256);
    expect(r.gate.checks).toHaveLength(2);
    expect(r.segments.find((d) => d.dimension === 'country')!.buckets.length).toBeGreaterThan(1);
    expect(r.timeline!.times.length).toBeGreaterThan(0);
    expect(r.savingsCurve!.policies.map((c) => c.policy)).toEqual(['champion', 'challenger', 'oracle']);
    const oracle = r.policies[3]!;
    expect(oracle.regret).toBe(0);
    // The oracle prices with the truth: calibrated against it exactly.
    expect(oracle.trueCalibration!.ece).toBeLessThan(1e-12);
    expect(r.policies[0]!.calibration!.count).toBe(r.policies[0]!.wins);
    const c = await compareScenario(s, { ...options, seed: s.seed + 1 });
    expect(reportJson(c.report)).not.toBe(reportJson(a.report));
  });

  it('in split mode gives each user to exactly one arm, with the budget divided', async () => {
    const { scenario } = comparePolicies(await quickstart(), { challengerModel: CHALLENGER });
    const names = scenario.policies.map((p) => p.name);
    const split = new ComparisonCollector(names, scenario.world.users);
    const worlds = new ComparisonCollector(names, scenario.world.users);
    const runSplit = await runScenario(scenario, { maxOpportunities: N, comparison: split, split: ['champion', 'challenger'] });
    const runWorlds = await runScenario(scenario, { maxOpportunities: N, comparison: worlds });
    const armsOf = (c: ComparisonCollector) => {
      let both = 0, champion = 0, challenger = 0;
      for (let u = 0; u < c.users.userCount; u++) {
        const a = c.users.value(0, u, 'wins') > 0, b = c.users.value(1, u, 'wins') > 0;
        if (a && b) both++; else if (a) champion++; else if (b) challenger++;
      }
      return { both, champion, challenger };
    };
    const s = armsOf(split);
    expect(s.both).toBe(0);
    expect(s.champion).toBeGreaterThan(50);
    expect(s.challenger).toBeGreaterThan(50);
    expect(armsOf(worlds).both).toBeGreaterThan(50);
    // Each arm sees about half the requests; the reference policies see them all.
    const [champion, challenger, everything] = runSplit.policies;
    expect(champion!.opportunities + challenger!.opportunities).toBeGreaterThan(everything!.opportunities - runSplit.matchedOpportunities);
    expect(champion!.opportunities).toBeLessThan(everything!.opportunities);
    expect(everything).toEqual(runWorlds.policies[2]);
    const budget = scenario.campaigns[0]!.dailyBudget;
    expect(champion!.spend).toBeLessThanOrEqual(budget / 2 + 0.05);
    expect(challenger!.spend).toBeLessThanOrEqual(budget / 2 + 0.05);
    for (const column of USER_COLUMNS) expect(split.users.totals(0)[column]).toBeGreaterThanOrEqual(0);
  });

  it('over --seeds 3 reports every seed and the spread', async () => {
    const s = await quickstart();
    const { report, runs } = await compareScenario(s, { challengerModel: CHALLENGER, maxOpportunities: 20_000, version: 'test', seeds: 3, seed: 7 });
    expect(report.seeds).toEqual([7, 8, 9]);
    expect(runs.map((r) => r.seed)).toEqual([7, 8, 9]);
    expect(report.perSeed!.map((p) => p.seed)).toEqual([7, 8, 9]);
    const spread = seedSpread(report.perSeed!);
    expect(spread.map((p) => p.name)).toEqual(['champion', 'challenger', 'bid-everything', 'oracle']);
    for (const p of spread) {
      const f = p.figures.spend;
      expect(f.min).toBeLessThanOrEqual(f.mean);
      expect(f.mean).toBeLessThanOrEqual(f.max);
    }
    expect(spread.some((p) => p.figures.conversions.min < p.figures.conversions.max)).toBe(true);
    expect(report.policies[0]!.spend).toBe(runs[0]!.policies[0]!.spend);
  });

  it("takes its gate from the scenario's comparison section and reads 'parallel' as 'worlds'", async () => {
    const text = readFileSync(join(ROOT, 'scenarios/quickstart.yaml'), 'utf8')
      .replace('  champion: champion', "  champion: champion\n  mode: parallel\n  gate: ['ece<=0', 'conversions-drop<=100%']\n  resamples: 200");
    const s = parseScenario(text, join(ROOT, 'scenarios/quickstart-gate.yaml'));
    expect(s.comparison.mode).toBe('worlds');
    const { report } = await compareScenario(s, { challengerModel: CHALLENGER, maxOpportunities: 20_000, version: 'test', gate: ['spend-change<=1000%'] });
    expect(report.mode).toBe('worlds');
    expect(report.statistics.resamples).toBe(200);
    expect(report.gate.checks.map((c) => [c.rule, c.passed])).toEqual([['ece<=0', false], ['conversions-drop<=100%', true], ['spend-change<=1000%', true]]);
    expect(report.gate.verdict).toBe('FAIL');
  });

  it('refuses a malformed gate rule in the scenario with its line, and a challenger that is no policy', () => {
    const text = readFileSync(join(ROOT, 'scenarios/quickstart.yaml'), 'utf8');
    const bad = (replacement: string) => () => parseScenario(text.replace('  champion: champion', replacement), join(ROOT, 'scenarios/bad.yaml'));
    expect(bad("  champion: champion\n  gate: ['roi-dif>=0']")).toThrow(ScenarioError);
    expect(bad("  champion: champion\n  gate: ['roi-dif>=0']")).toThrow(/bad\.yaml:\d+:\d+.*unknown measure 'roi-dif'/s);
    expect(bad('  champion: champion\n  challenger: challengr')).toThrow(/no policy is named 'challengr'/);
  });

  it('with sweep multipliers draws the savings curve from full runs, whose ×1 point is the policy itself', async () => {
    const { report } = await compareScenario(await quickstart(), {
      challengerModel: CHALLENGER, maxOpportunities: 20_000, version: 'test', sweep: [0.5, 1, 2],
    });
    const curve = report.savingsCurve!;
    expect(curve.source).toBe('sweep');
    expect(curve.policies.map((c) => c.policy)).toEqual(['champion', 'challenger']);
    curve.policies.forEach((c, i) => {
      expect(c.points.map((p) => p.parameter)).toEqual([0.5, 1, 2]);
      expect(c.points[1]!.avoidedShare).toBe(report.policies[i]!.savings!.avoidedShare);
      expect(c.points[1]!.conversionsRetained).toBe(report.policies[i]!.savings!.conversionsRetained);
    });
  });
});
