import type { FieldProblem } from './describe-issue.js';
import { didYouMean } from './did-you-mean.js';
import { fieldPath } from './field-path.js';
import type { ScenarioConfig } from './scenario-schema.js';

type Path = readonly PropertyKey[];

const ANDROID_PACKAGE = /^[A-Za-z][A-Za-z0-9_]*(\.[A-Za-z][A-Za-z0-9_]*)+$/;
const APP_STORE_ID = /^(id)?[0-9]{6,12}$/;

function positiveKeys(weights: Partial<Record<string, number>>): string[] {
  return Object.entries(weights)
    .filter(([, weight]) => weight !== undefined && weight > 0)
    .map(([key]) => key);
}

function hint(value: string, candidates: readonly string[]): string {
  const guess = didYouMean(value, candidates);
  return guess === undefined ? '' : ` (did you mean '${guess}'?)`;
}

/**
 * Checks that need more than one field, on a scenario that already matches the schema: names
 * that must be unique, references that must resolve, and targeting that must exist in the world.
 */
export function crossChecks(config: ScenarioConfig): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const problem = (path: Path, message: string, target: FieldProblem['target'] = 'value') =>
    problems.push({ path, target, message });

  const unique = (list: readonly PropertyKey[], names: readonly string[], key: string, what: string) => {
    const first = new Map<string, number>();
    names.forEach((name, index) => {
      const earlier = first.get(name);
      if (earlier === undefined) first.set(name, index);
      else problem([...list, index, key], `duplicate ${what} '${name}' (first at ${fieldPath([...list, earlier, key])})`);
    });
  };
  unique(['campaigns'], config.campaigns.map((c) => c.id), 'id', 'campaign id');
  unique(['policies'], config.policies.map((p) => p.name), 'name', 'policy name');
  unique(['market', 'competitors'], config.market.competitors.map((c) => c.name), 'name', 'competitor name');

  const countries = positiveKeys(config.world.countries);
  const platforms = positiveKeys(config.world.os);
  const appCategories = positiveKeys(config.world.apps.categories);
  const formats = positiveKeys(config.traffic.formats);

  config.campaigns.forEach((campaign, index) => {
    const at = (...rest: PropertyKey[]): Path => ['campaigns', index, ...rest];
    const { app, goal, targeting } = campaign;
    if (!platforms.includes(app.platform)) {
      problem(at('app', 'platform'), `the world has no ${app.platform} users (world.os gives ${app.platform} no weight)`);
    }
    if (app.platform === 'android' && !ANDROID_PACKAGE.test(app.bundle)) {
      problem(at('app', 'bundle'), `expected an Android package name such as 'com.example.shop' (OpenRTB app.bundle), got '${app.bundle}'`);
    }
    if (app.platform === 'ios' && !APP_STORE_ID.test(app.bundle)) {
      problem(at('app', 'bundle'), `expected a numeric App Store id such as '1234567890' for an iOS app (OpenRTB app.bundle), got '${app.bundle}'`);
    }
    if (goal === 're-engagement') {
      if (campaign.valuePerConversion === undefined) {
        problem(at('valuePerConversion'), "missing required key 'valuePerConversion' (expected the USD value of one re-engaged user, as goal is 're-engagement')", 'parent');
      }
      if (campaign.purchaseValue !== undefined) {
        problem(at('purchaseValue'), "purchaseValue applies only to goal 'purchase'; a re-engagement is worth valuePerConversion", 'key');
      }
    } else {
      if (campaign.purchaseValue === undefined) {
        problem(at('purchaseValue'), "missing required key 'purchaseValue' (expected the distribution of one purchase's USD revenue, as goal is 'purchase')", 'parent');
      }
      if (campaign.valuePerConversion !== undefined) {
        problem(at('valuePerConversion'), "valuePerConversion applies only to goal 're-engagement'; a purchase is worth purchaseValue", 'key');
      }
    }
    const subset = (list: readonly string[] | undefined, field: string, allowed: readonly string[], source: string) => {
      const seen = new Set<string>();
      list?.forEach((value, i) => {
        if (seen.has(value)) problem(at('targeting', field, i), `'${value}' is listed twice`);
        else if (!allowed.includes(value)) problem(at('targeting', field, i), `'${value}' is not in ${source}, so no request would match${hint(value, allowed)}`);
        seen.add(value);
      });
    };
    subset(targeting.countries, 'countries', countries, 'world.countries');
    subset(targeting.appCategories, 'appCategories', appCategories, 'world.apps.categories');
    subset(targeting.formats, 'formats', formats, 'traffic.formats');
  });

  const bundles = config.campaigns.map((c) => c.app.bundle);
  for (const bundle of Object.keys(config.attribution.partners.byApp)) {
    if (!bundles.includes(bundle)) {
      problem(['attribution', 'partners', 'byApp', bundle], `no campaign advertises '${bundle}'${hint(bundle, bundles)}`, 'key');
    }
  }

  const policyNames = config.policies.map((p) => p.name);
  for (const role of ['baseline', 'champion', 'challenger'] as const) {
    const name = config.comparison[role];
    if (name !== undefined && !policyNames.includes(name)) {
      problem(['comparison', role], `no policy is named '${name}'${hint(name, policyNames)}; policies: ${policyNames.join(', ')}`);
    }
  }
  if (config.comparison.mode === 'split' && !config.policies.some((p) => p.split > 0)) {
    problem(['comparison', 'mode'], "mode 'split' needs at least one policy with split above 0");
  }
  return problems;
}
