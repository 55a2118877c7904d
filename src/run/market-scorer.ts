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
  /** The score of a record's user, its features written here. */
  score(record: AuctionLogRecord): number | undefined;
  /** The score from features already written (row 0 of `features`), as the replay has them. */
  predict(features: Float64Array): number;
}

/** The policy that wrote a scenario's logs: its champion, as `bidlab record` defaults to. */
export function loggingPolicyName(scenario: Scenario): string | undefined {
  return scenario.comparison.champion ?? scenario.policies.find((p) => p.kind === 'model')?.name;
}

/** The scorer of policy `name` of the scenario, or undefined when it is not a model policy. */
export async function policyScorer(scenario: Scenario, profiles: PopulationProfiles, name: string): Promise<MarketScorer | undefined> {
  const policy = scenario.policies.find((p) => p.name === name);
  if (!policy || policy.kind !== 'model') return undefined;
  const predictor = await loadModelFile(policy.model);
  checkModelFeatures(predictor.featureNames, policy.model);
  const features = new Float64Array(NUM_FEATURES);
  const startEpoch = startEpochSeconds(scenario);
  const predict = (written: Float64Array) => predictor.predictOne(written, 0);
  return {
    policy: name,
    predict,
    score(record) {
      const ifa = record.request.device?.ifa;
      const profile = ifa === undefined ? undefined : profiles.get(ifa);
      if (!profile) return undefined;
      writeFeatures(record.request, profile, record.time - startEpoch, features, 0);
      return predict(features);
    },
  };
}
