import type { LogItem } from '../domain/index.js';
import { MarketPriceModel, marketObservation, type MarketObservation } from '../replay/index.js';
import type { Scenario } from '../scenario/index.js';
import { loggingPolicyName, policyScorer } from './market-scorer.js';
import { buildScenarioProfiles } from './scenario-world.js';

/**
 * Fits the market-price model of a log (see MarketPriceModel) from every record's market fields,
 * banded by floor and by the scenario's logging policy's score of the record's user (when that
 * policy is a model): a first pass over a log file before its replay, or `bidlab log fit-market`
 * once for a topic. Holds one small observation per bid, not the records.
 */
export async function fitMarketModel(scenario: Scenario, source: AsyncIterable<LogItem>, seed = scenario.seed): Promise<MarketPriceModel> {
  const increment = scenario.market.secondPriceIncrementCpm ?? 0;
  const logger = loggingPolicyName(scenario);
  const scorer = logger === undefined ? undefined : await policyScorer(scenario, buildScenarioProfiles(scenario, seed).profiles, logger);
  const observations: MarketObservation[] = [];
  for await (const item of source) {
    if (item.kind !== 'record') continue;
    const o = marketObservation(item.record, increment);
    if (!o) continue;
    const score = scorer?.score(item.record);
    observations.push(score === undefined ? o : { ...o, score });
  }
  return MarketPriceModel.fit(observations, scorer?.policy);
}
