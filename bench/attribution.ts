/**
 * Wins per second through src/attribution end to end: draw the chain, schedule its events,
 * drain them to a sink, one win every simulated second with the scenario's default delays (so
 * the queue holds the realistic backlog of days of pending purchases). The baseline, measured in
 * the same run, is drawing the chains alone (drawResponse with a reused output): the ratio is
 * what scheduling, draining and building postbacks cost on top.
 *
 *     npx tsx bench/attribution.ts     prints JSON
 */
import { bestMs } from './timing.js';
import { pathToFileURL } from 'node:url';
import { describeMachine } from './machine.js';
import { AttributionStage, drawResponse, emptyResponse, ResponseModel, type AttributionEvent } from '../src/attribution/index.js';
import type { Opportunity, OpportunityTruth } from '../src/domain/index.js';
import { RandomStreams } from '../src/rng/index.js';
import { attributionSchema } from '../src/scenario/attribution-schema.js';
import { campaignSchema } from '../src/scenario/campaign-schema.js';

const REPEAT = 5;
const bestSeconds = (pass: () => number) => bestMs(pass, REPEAT) / 1000;

/** Realistic world.response defaults, with the click rate of an interstitial. */
const TRUTH: OpportunityTruth = {
  userIndex: 0,
  campaignIndex: 0,
  pClick: 0.015,
  pReengageGivenClick: 0.3,
  pViewThrough: 0.0003,
  pPurchaseGivenReengage: 0.05,
  expectedPurchaseValue: 12,
};


export async function benchAttribution(wins = 1_000_000): Promise<Record<string, unknown>> {
  const attribution = attributionSchema.parse({});
  const campaign = campaignSchema.parse({
    id: 'bench',
    app: { bundle: 'com.example.shop', category: 'shopping', platform: 'android' },
    goal: 'purchase',
    purchaseValue: { dist: 'lognormal', median: 9.99, sigma: 0.8 },
    dailyBudget: 1000,
  });
  const opportunities: Opportunity[] = Array.from({ length: 1024 }, (_, i) => ({
    id: i,
    time: 0,
    request: { id: `r${i}`, imp: [{ id: '1' }], device: { os: 'android', ifa: `ifa-${i}` } },
  }));

  const model = new ResponseModel(attribution, campaign);
  const draws = new RandomStreams(42).stream('response').draws();
  const out = emptyResponse(model.maxPurchases);
  const drawOnly = bestSeconds(() => {
    let acc = 0;
    for (let i = 0; i < wins; i++) acc += drawResponse(TRUTH, i, model, draws, out).purchaseCount;
    return acc;
  });

  let events = 0;
  let postbacks = 0;
  let peakPending = 0;
  const endToEnd = bestSeconds(() => {
    const stage = new AttributionStage({ streams: new RandomStreams(42), attribution, startEpochSeconds: 1_793_491_200 });
    events = 0;
    postbacks = 0;
    peakPending = 0;
    const sink = (e: AttributionEvent) => {
      events++;
      if (e.postback) postbacks++;
    };
    for (let i = 0; i < wins; i++) {
      stage.drainUntil(i, sink);
      const template = opportunities[i & 1023];
      stage.onWin(0, { id: i, time: i, request: template.request }, TRUTH, campaign, 2);
      if ((i & 4095) === 0) peakPending = Math.max(peakPending, stage.pending);
    }
    stage.drainAll(sink);
    return events;
  });

  return {
    wins,
    baseline: { drawOnlyWinsPerSecond: Math.round(wins / drawOnly) },
    endToEndWinsPerSecond: Math.round(wins / endToEnd),
    ratioToDrawOnly: Math.round((drawOnly / endToEnd) * 1000) / 1000,
    eventsPerWin: Math.round((events / wins) * 1000) / 1000,
    postbacksPerWin: Math.round((postbacks / wins) * 10000) / 10000,
    peakPendingSampled: peakPending,
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const result = { bench: 'attribution', machine: describeMachine(), ...(await benchAttribution()) };
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
}
