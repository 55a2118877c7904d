import type { LogItem } from '../domain/index.js';
import { MarketPriceModel, marketObservation, type MarketObservation } from '../replay/index.js';
import type { Scenario } from '../scenario/index.js';

/**
 * Fits the market-price model of a log (see MarketPriceModel) from every record's market fields:
 * a first pass over a log file before its replay, or `bidlab log fit-market` once for a topic.
 * Holds one small observation per bid, not the records.
 */
export async function fitMarketModel(scenario: Scenario, source: AsyncIterable<LogItem>): Promise<MarketPriceModel> {
  const increment = scenario.market.secondPriceIncrementCpm ?? 0;
  const observations: MarketObservation[] = [];
  for await (const item of source) {
    if (item.kind !== 'record') continue;
    const o = marketObservation(item.record, increment);
    if (o) observations.push(o);
  }
  return MarketPriceModel.fit(observations);
}
