import { resolve } from 'node:path';
import { BidlabError } from '../errors.js';
import type { PolicyConfig, Scenario } from '../scenario/index.js';

/** A comparison's cast: the two models judged, and the reference policies reported beside them. */
export interface ComparePolicies {
  /** The scenario with only these policies, in run order, and any model file replaced. */
  readonly scenario: Scenario;
  readonly champion: string;
  readonly challenger: string;
  readonly baseline: string | undefined;
  readonly oracle: string | undefined;
}

export class CompareSetupError extends BidlabError {
  constructor(message: string, where: string) {
    super('COMPARE_SETUP', message, where);
  }
}

/**
 * Picks the champion (comparison.champion, else the first model policy) and the challenger
 * (comparison.challenger, else the policy named 'challenger', else the next model policy) of a
 * scenario, with `championModel`/`challengerModel` replacing their model files (pricing, pacing
 * and split unchanged). Without any challenger policy, a `challengerModel` makes one: the
 * champion's configuration named 'challenger'. The baseline (comparison.baseline, else the first
 * bid-everything policy) and the first oracle ride along; every other policy is left out.
 */
export function comparePolicies(scenario: Scenario, models: { championModel?: string; challengerModel?: string } = {}): ComparePolicies {
  const all = scenario.policies;
  const where = `${scenario.name}: comparison`;
  const championName = scenario.comparison.champion ?? all.find((p) => p.kind === 'model')?.name;
  const champion = all.find((p) => p.name === championName);
  if (!champion) throw new CompareSetupError('the scenario has no champion: name one in comparison.champion or add a model policy', where);
  let challenger = all.find((p) => p.name === (scenario.comparison.challenger ?? 'challenger') && p !== champion)
    ?? (scenario.comparison.challenger === undefined ? all.find((p) => p.kind === 'model' && p !== champion) : undefined);
  if (!challenger && models.challengerModel) challenger = { ...champion, name: champion.name === 'challenger' ? 'challenger-2' : 'challenger' };
  if (!challenger) {
    throw new CompareSetupError("the scenario has no challenger: add a policy named 'challenger', name one in comparison.challenger, or pass --challenger <model.txt>", where);
  }
  const withModel = (p: PolicyConfig, path: string | undefined, flag: string): PolicyConfig => {
    if (path === undefined) return p;
    if (p.kind !== 'model') throw new CompareSetupError(`${flag} replaces a model file, but policy '${p.name}' is of kind '${p.kind}'`, flag);
    return { ...p, model: resolve(path) };
  };
  const baselineName = scenario.comparison.baseline ?? all.find((p) => p.kind === 'bid-everything')?.name;
  const baseline = all.find((p) => p.name === baselineName && p !== champion && p !== challenger);
  const oracle = all.find((p) => p.kind === 'oracle' && p !== champion && p !== challenger);
  const policies = [
    withModel(champion as PolicyConfig, models.championModel, '--champion'),
    withModel(challenger as PolicyConfig, models.challengerModel, '--challenger'),
    ...(baseline ? [baseline as PolicyConfig] : []),
    ...(oracle ? [oracle as PolicyConfig] : []),
  ];
  return {
    scenario: { ...scenario, policies, comparison: { ...scenario.comparison, champion: champion.name, challenger: challenger.name } } as Scenario,
    champion: champion.name,
    challenger: challenger.name,
    baseline: baseline?.name,
    oracle: oracle?.name,
  };
}
