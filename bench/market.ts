/**
 * Competitor draws and auction resolution per second on the first-price-shading scenario's market
 * (16 rival bidders in four populations, one budget-limited), against a baseline measured in the
 * same run: the bare keyed draws the field makes (a reset per population, two doubles per
 * bidder). Also the one-off cost of settling a budget day, and heap bytes per operation (the hot
 * path should allocate nothing).
 *
 *     npx tsx bench/market.ts            prints JSON
 */
import { bestMs, bytesPerOp } from './timing.js';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describeMachine } from './machine.js';
import type { OpportunityTruth } from '../src/domain/index.js';
import { createCompetitorField, ruleFor, type MutableAuctionResult } from '../src/market/index.js';
import { purposeId, RandomStreams } from '../src/rng/index.js';
import { loadScenario } from '../src/scenario/index.js';

const REPEAT = 7;
const DAY = 86400;



export async function benchMarket(): Promise<Record<string, unknown>> {
  const file = fileURLToPath(new URL('../scenarios/first-price-shading.yaml', import.meta.url));
  const scenario = await loadScenario(file, { checkModels: false });
  const { market } = scenario;
  const N = 200_000;
  const opportunities = Array.from({ length: N }, (_, i) => ({ id: i, time: (i / N) * scenario.traffic.days * DAY }));
  const truths: OpportunityTruth[] = [0.002, 0.01, 0.0005].map((pClick) => ({
    userIndex: 0, campaignIndex: 0, pClick, pReengageGivenClick: 0.3, pViewThrough: 0.0003, pPurchaseGivenReengage: 0.05, expectedPurchaseValue: 20,
  }));

  const settleField = createCompetitorField(market, new RandomStreams(scenario.seed), { requestsPerDay: scenario.traffic.requestsPerDay });
  const settleStart = performance.now();
  settleField.budgetCutoffs(0);
  const settleDayMs = Math.round(performance.now() - settleStart);

  const field = createCompetitorField(market, new RandomStreams(scenario.seed), { requestsPerDay: scenario.traffic.requestsPerDay });
  for (let d = 0; d < scenario.traffic.days; d++) field.budgetCutoffs(d);
  const rule = ruleFor(1, market);
  const result: MutableAuctionResult = { won: false, paidCpm: 0, minToWinCpm: 0 };
  const drawAndResolve = () => {
    let acc = 0;
    for (let i = 0; i < N; i++) {
      const competitors = field.draw(opportunities[i], i % 4 === 0 ? undefined : truths[i % 3]);
      acc += rule.resolve(1.2, competitors, (i & 7) * 0.1, result).paidCpm;
    }
    return acc;
  };
  const drawOnly = () => {
    let acc = 0;
    for (let i = 0; i < N; i++) acc += field.draw(opportunities[i], i % 4 === 0 ? undefined : truths[i % 3]).highestCpm;
    return acc;
  };

  const keyed = new RandomStreams(scenario.seed).stream('competitors').draws();
  const groups = market.competitors.map((c) => ({ purpose: purposeId(`competitors/${c.name}`), count: c.count }));
  const baseline = () => {
    let acc = 0;
    for (let i = 0; i < N; i++) {
      for (const g of groups) {
        keyed.reset(i, g.purpose);
        for (let m = 0; m < g.count; m++) acc += keyed.nextDouble() + keyed.nextDouble();
      }
    }
    return acc;
  };

  const perSecond = (ms: number) => Math.round((N / ms) * 1000);
  const ms = { baselineKeyedDraws: bestMs(baseline, REPEAT), draw: bestMs(drawOnly, REPEAT), drawAndResolve: bestMs(drawAndResolve, REPEAT) };
  const bidders = market.competitors.reduce((n, c) => n + c.count, 0);
  return {
    scenario: scenario.name,
    bidders,
    populations: market.competitors.length,
    unit: 'opportunities per second, best of 7',
    perSecond: {
      baselineKeyedDraws: perSecond(ms.baselineKeyedDraws),
      draw: perSecond(ms.draw),
      drawAndResolve: perSecond(ms.drawAndResolve),
    },
    ratioToBaseline: {
      draw: Math.round((ms.draw / ms.baselineKeyedDraws) * 100) / 100,
      drawAndResolve: Math.round((ms.drawAndResolve / ms.baselineKeyedDraws) * 100) / 100,
    },
    settleBudgetDayMs: { requestsPerDay: scenario.traffic.requestsPerDay, ms: settleDayMs },
    allocatedBytesPerOp: { drawAndResolve: bytesPerOp(N, drawAndResolve) },
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const result = { bench: 'market', machine: describeMachine(), ...(await benchMarket()) };
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
}
