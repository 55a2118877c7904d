import { BidlabError } from '../errors.js';
import { Bidder, bidderCampaign, checkModelFeatures, type ProfileStore } from '../engine/index.js';
import { LiveEngine } from '../engine/live-engine.js';
import { loadModelFile } from '../model/index.js';
import type { PolicyConfig, Scenario } from '../scenario/index.js';
import { type AdCampaign, advertiserDomain } from '../server/index.js';
import { buildScenarioProfiles, campaignValues } from './scenario-world.js';

export interface LiveBidderOptions {
  /** The policy to bid with (by name). Default: the scenario's champion, else its first model policy, else its first policy. */
  readonly policy?: string;
  /** Root seed of the world the profile store is built from (default: the scenario's). */
  readonly seed?: number;
  /** The profile store; default: the campaigns' users from the scenario's synthetic world. */
  readonly store?: ProfileStore;
  /** Bids remembered for their notices (LiveEngineOptions.ledgerSize). */
  readonly ledgerSize?: number;
  /**
   * The share of each campaign's daily budget this engine may spend (default 1): one of N
   * engines that each see about 1/N of the traffic (`serve --workers N`) gets 1/N.
   */
  readonly budgetShare?: number;
}

export interface LiveBidder {
  readonly engine: LiveEngine;
  readonly ads: ReadonlyArray<AdCampaign>;
  readonly policy: PolicyConfig;
  /** Users the profile store knows, when it is the world's (else undefined). */
  readonly profiles: number | undefined;
}

export class LiveBidderError extends BidlabError {
  constructor(message: string, where: string) { super('RUN_LIVE_BIDDER', message, where); }
}

/**
 * The composition root of `bidlab serve`: one policy of a scenario as a live engine (the model
 * loaded and checked, the bidder with the campaigns' budgets, caps and targeting, the profile
 * store) and the ad each campaign shows. The oracle cannot serve: a live request carries no
 * ground truth.
 */
export async function createLiveBidder(scenario: Scenario, file: string, options: LiveBidderOptions = {}): Promise<LiveBidder> {
  const policy = pickPolicy(scenario, file, options.policy);
  if (policy.kind === 'oracle') {
    throw new LiveBidderError(`policy '${policy.name}' is the oracle, which needs the synthetic world's ground truth: a live request has none; pick a model or bid-everything policy`, file);
  }
  let scorer;
  if (policy.kind === 'model') {
    scorer = await loadModelFile(policy.model);
    checkModelFeatures(scorer.featureNames, policy.model);
  }
  const values = campaignValues(scenario);
  const share = options.budgetShare ?? 1;
  const campaigns = scenario.campaigns.map((c, i) => {
    const b = bidderCampaign(c, values[i]!);
    return share === 1 ? b : { ...b, dailyBudget: b.dailyBudget * share };
  });
  const bidder = new Bidder(policy.name, policy.pricing, policy.pacing.mode, campaigns, scenario.traffic.dailyPattern as ReadonlyArray<number>);
  let store = options.store;
  let profiles: number | undefined;
  if (!store) {
    const world = buildScenarioProfiles(scenario, options.seed ?? scenario.seed).profiles;
    profiles = world.size;
    store = world;
  }
  const engine = new LiveEngine({ bidder, store, ...(scorer ? { scorer } : {}), ...(options.ledgerSize ? { ledgerSize: options.ledgerSize } : {}) });
  const ads = scenario.campaigns.map((c) => ({ id: c.id, bundle: c.app.bundle, adomain: advertiserDomain(c.app.bundle) }));
  return { engine, ads, policy, profiles };
}

function pickPolicy(scenario: Scenario, file: string, name: string | undefined): PolicyConfig {
  const policies = scenario.policies as ReadonlyArray<PolicyConfig>;
  if (name !== undefined) {
    const p = policies.find((x) => x.name === name);
    if (!p) throw new LiveBidderError(`no policy named '${name}'; the scenario has: ${policies.map((x) => x.name).join(', ')}`, file);
    return p;
  }
  const champion = scenario.comparison.champion;
  const p = policies.find((x) => x.name === champion) ?? policies.find((x) => x.kind === 'model') ?? policies[0];
  if (!p) throw new LiveBidderError('the scenario has no policies', file);
  return p;
}
