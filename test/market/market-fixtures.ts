import { fileURLToPath } from 'node:url';
import type { OpportunityTruth } from '../../src/domain/index.js';
import { loadScenario, type DeepReadonly, type MarketConfig, type Scenario } from '../../src/scenario/index.js';
import { marketSchema } from '../../src/scenario/market-schema.js';

const dir = fileURLToPath(new URL('../../scenarios/', import.meta.url));

/** A shipped scenario; its model files are trained elsewhere and not needed here. */
export const shippedScenario = (name: string): Promise<Scenario> => loadScenario(`${dir}${name}.yaml`, { checkModels: false });

/** A synthetic market, with every default filled in by the scenario schema. */
export const syntheticMarket = (input: unknown): DeepReadonly<MarketConfig> => marketSchema.parse(input);

/** A truth whose default value score is about `score` (see defaultTruthScore). */
export function truthWithScore(score: number): OpportunityTruth {
  return {
    userIndex: 0,
    campaignIndex: 0,
    pClick: 0,
    pReengageGivenClick: 0,
    pViewThrough: 0.0015 * Math.exp(score),
    pPurchaseGivenReengage: 0,
    expectedPurchaseValue: 0,
  };
}

export const DAY = 86400;
