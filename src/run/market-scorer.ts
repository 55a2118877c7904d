import { checkModelFeatures, NUM_FEATURES, writeFeatures } from '../engine/index.js';
import type { AuctionLogRecord } from '../domain/index.js';
import { loadModelFile } from '../model/index.js';
import type { PopulationProfiles } from './population-profiles.js';
import type { Scenario } from '../scenario/index.js';
import { startEpochSeconds } from './scenario-world.js';

/**
 * The score the market-price model bands the highest rival bid by: the named policy's predicted
 * conversion chance for a record's user (its features as the replay computes them), undefined for
 * a user on no retargeting list. Rivals who value users as we do bid more for the users we value,
 * and a log shows their bids only where the logger bid: fitted without the score, the model
 * prices every user like the ones the logger bid on.
 */
export interface MarketScorer {
  readonly policy: string;
  score(record: AuctionLogRecord): number | undefined;
}

/** The scorer of the scenario's logging policy (its champion), or undefined when that is not a model policy. */
export async function loggingPolicyScorer(scenario: Scenario, profiles: PopulationProfiles): Promise<MarketScorer | undefined> {
  const name = scenario.comparison.champion ?? scenario.policies.find((p) => p.kind === 'model')?.name;
  return name === undefined ? undefined : policyScorer(scenario, profiles, name);
}

/** The scorer of policy `name` of the scenario, or undefined when it is not a model policy. */
export async function policyScorer(scenario: Scenario, profiles: PopulationProfiles, name: string): Promise<MarketScorer | undefined> {
  const policy = scenario.policies.find((p) => p.name === name);
  if (!policy || policy.kind !== 'model') return undefined;
  const predictor = await loadModelFile(policy.model);
  checkModelFeatures(predictor.featureNames, policy.model);
  const features = new Float64Array(NUM_FEATURES);
  const startEpoch = startEpochSeconds(scenario);
  return {
    policy: name,
    score(record) {
      const ifa = record.request.device?.ifa;
      const profile = ifa === undefined ? undefined : profiles.get(ifa);
      if (!profile) return undefined;
      writeFeatures(record.request, profile, record.time - startEpoch, features, 0);
      return predictor.predictOne(features, 0);
    },
  };
}
