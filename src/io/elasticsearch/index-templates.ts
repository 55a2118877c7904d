import type { Client, estypes } from '@elastic/elasticsearch';

type Properties = Record<string, estypes.MappingProperty>;

/** Bumped whenever a mapping changes, so `_meta.version` tells which bidlab wrote a template. */
export const TEMPLATE_VERSION = 3;

const keyword: estypes.MappingProperty = { type: 'keyword' };
const long: estypes.MappingProperty = { type: 'long' };
const integer: estypes.MappingProperty = { type: 'integer' };
const double: estypes.MappingProperty = { type: 'double' };
const boolean: estypes.MappingProperty = { type: 'boolean' };
/** Simulated and wall times; bidlab sends epoch milliseconds, people may query with ISO text. */
const date: estypes.MappingProperty = { type: 'date', format: 'strict_date_optional_time||epoch_millis' };

/** Fields every bidlab document carries: which run, which policy, and when it was indexed. */
export const RUN_FIELDS: Properties = {
  run_id: keyword,
  scenario: keyword,
  seed: long,
  policy: keyword,
  /** First simulated instant of the run. */
  sim_start: date,
  /** Wall clock of the `bidlab index` call that wrote the document. */
  indexed_at: date,
};

/** The metrics of the comparison's bootstrap (src/metrics/bootstrap-intervals.ts), each an estimate and interval. */
export const INTERVAL_METRICS = ['spend', 'wins', 'conversions', 'revenue', 'predicted_revenue', 'roas', 'roi', 'predicted_roi', 'cpa'] as const;

function intervalFigures(): Properties {
  const interval: estypes.MappingProperty = { properties: { estimate: double, lower: double, upper: double } };
  return Object.fromEntries(INTERVAL_METRICS.map((m) => [m, interval]));
}

/** One gate rule's outcome (src/metrics/gate.ts). */
function checkFields(): Properties {
  return {
    rule: keyword, measure: keyword, op: keyword, threshold: double, confidence: double,
    estimate: double, lower: double, upper: double, compared: double, passed: boolean, reason: { type: 'text' },
  };
}

/** One kind of bidlab index: its name after the prefix and the mappings beyond RUN_FIELDS. */
export interface IndexKind {
  readonly name: string;
  readonly description: string;
  readonly properties: Properties;
}

/**
 * Every index bidlab writes. Adding one is one more entry here: `bidlab es setup` and every
 * indexing install the whole list, and `bidlab dashboards validate` checks Lens columns against it.
 */
export const INDEX_KINDS = {
  events: {
    name: 'events',
    description: 'one document per auction opportunity and policy (all, or a sampled share)',
    properties: {
      opportunity_id: long,
      campaign: integer,
      sim_time: date,
      sim_seconds: double,
      sim_hour: integer,
      floor_cpm: double,
      p_conversion: double,
      bid: boolean,
      bid_cpm: double,
      nbr: integer,
      won: boolean,
      paid_cpm: double,
      /** paid_cpm / 1000 when won, else 0: sums to the summary's spend. */
      spend: double,
      highest_competitor_cpm: double,
      converts: boolean,
      /** 1 when won, else 0: its average over bids is the win rate (Lens cannot average a boolean). */
      won_count: integer,
      /** Share of opportunities indexed (1 = all): divide counts by it to estimate totals. */
      sample_share: double,
      /** The request's device.geo.country (ISO 3166-1 alpha-3). */
      country: keyword,
      /** The request's device.geo lat/lon, when it had them (recorded logs; the synthetic world sends country and region only). */
      location: { type: 'geo_point' },
    },
  },
  hourly: {
    name: 'hourly',
    description: 'per policy and simulated hour, computed from every event (not only the sampled ones)',
    properties: {
      sim_time: date,
      sim_hour: integer,
      opportunities: long,
      bids: long,
      wins: long,
      spend: double,
      /** Wins whose user went on to convert (ground truth; attribution may differ). */
      converting_wins: long,
      /** Sum of the policy's P(conversion) over its wins. */
      expected_conversions: double,
      /** Attributed revenue and conversions by the hour they happened (from a comparison's timeline; run events do not carry them yet). */
      revenue: double,
      conversions: double,
      /** Seconds of simulated time the document covers (3600 unless a comparison's timeline says otherwise). */
      bucket_seconds: integer,
    },
  },
  runs: {
    name: 'runs',
    description: 'one document per policy per run: the run summary',
    properties: {
      kind: keyword,
      is_baseline: boolean,
      is_champion: boolean,
      run_time: date,
      days: integer,
      opportunities: long,
      matched_opportunities: long,
      bids: long,
      wins: long,
      win_rate: double,
      spend: double,
      impressions: long,
      clicks: long,
      conversions: long,
      attributed_revenue: double,
      predicted_revenue: double,
      predicted_roi: double,
      actual_roi: double,
      cpa: double,
      ecpm: double,
      no_bids: { type: 'object', dynamic: true },
      savings: {
        properties: {
          baseline_non_performing_spend: double,
          avoided_non_performing_spend: double,
          avoided_share: double,
          conversions_retained: double,
        },
      },
      quality: {
        properties: {
          auc: double,
          calibration: {
            properties: {
              count: long, mean_predicted: double, observed_rate: double, predicted_to_observed: double,
              log_loss: double, brier: double, ece: double,
            },
          },
        },
      },
      events_indexed: long,
      events_sampled_share: double,
      /** In a comparison: champion, challenger, baseline or oracle. */
      role: keyword,
      /** 'run' (summary.json) or 'comparison' (report.json). */
      source: keyword,
      /** In a comparison of a synthetic world: the oracle's profit minus this policy's, USD. */
      regret: double,
    },
  },
  segments: {
    name: 'segments',
    description: "one document per comparison, policy, segment dimension and segment value: the report's segment figures",
    properties: {
      role: keyword,
      /** appCategory, country, os, recency or activity. */
      dimension: keyword,
      /** The bucket's label, e.g. 'USA', 'ios', '7-29d'. */
      segment: keyword,
      wins: long,
      spend: double,
      conversions: double,
      revenue: double,
      predicted_revenue: double,
      predicted_roi: double,
      actual_roi: double,
    },
  },
  calibration: {
    name: 'calibration',
    description: 'one document per comparison, policy, basis and reliability bin: predicted against observed conversion rate',
    properties: {
      role: keyword,
      /** 'wins': predictions on won impressions against attributed outcomes; 'truth': against the world's true probabilities. */
      basis: keyword,
      bin: integer,
      /** Zero-padded bin number and range, e.g. '03 [0.003, 0.01)': sorts in bin order as text. */
      bin_label: keyword,
      lower: double,
      upper: double,
      count: long,
      mean_predicted: double,
      observed_rate: double,
      /** count × mean_predicted and count × observed_rate: sums of these over bins weigh bins by size. */
      predicted_conversions: double,
      observed_conversions: double,
    },
  },
  verdicts: {
    name: 'verdicts',
    description: "one document per comparison: the gate's verdict and the challenger − champion intervals",
    properties: {
      champion: keyword,
      challenger: keyword,
      baseline: keyword,
      oracle: keyword,
      mode: keyword,
      seeds: long,
      verdict: keyword,
      passed: boolean,
      checks_total: integer,
      checks_failed: integer,
      reasons: { type: 'text' },
      created_at: date,
      confidence: double,
      /** Challenger − champion, and each side, per metric: estimate and interval bounds. */
      difference: { properties: intervalFigures() },
      champion_figures: { properties: intervalFigures() },
      challenger_figures: { properties: intervalFigures() },
      checks: { properties: checkFields() },
    },
  },
  'gate-checks': {
    name: 'gate-checks',
    description: 'one document per comparison and gate rule: the estimate, its interval and whether it passed',
    properties: { champion: keyword, challenger: keyword, verdict: keyword, check: integer, ...checkFields() },
  },
} as const satisfies Record<string, IndexKind>;

export type IndexKindName = keyof typeof INDEX_KINDS;

/** The index a kind of document goes to, e.g. `bidlab-events`. */
export function indexName(prefix: string, kind: IndexKindName): string {
  return `${prefix}${INDEX_KINDS[kind].name}`;
}

/** What `installIndexTemplates` put in place, by name. */
export interface InstalledTemplates {
  readonly componentTemplates: ReadonlyArray<string>;
  readonly indexTemplates: ReadonlyArray<string>;
}

/**
 * Installs (or overwrites with the same content) the component templates and one composable index
 * template per kind, and adds any field an existing index of that kind lacks. Idempotent: PUT
 * replaces a template by name and a mapping that already has every field is left as it is.
 */
export async function installIndexTemplates(client: Client, prefix: string): Promise<InstalledTemplates> {
  const meta = { managed_by: 'bidlab', version: TEMPLATE_VERSION };
  const settings = `${prefix}settings`;
  const runFields = `${prefix}run-fields`;
  await client.cluster.putComponentTemplate({
    name: settings,
    _meta: meta,
    template: {
      // One shard suffices for a run's documents; a replica wherever a second node exists.
      settings: { number_of_shards: 1, auto_expand_replicas: '0-1' },
    },
  });
  await client.cluster.putComponentTemplate({
    name: runFields,
    _meta: meta,
    // Strict: a document with a field the mapping does not know is rejected (and dead-lettered), never mapped by guess.
    template: { mappings: { dynamic: 'strict', properties: RUN_FIELDS } },
  });
  const indexTemplates: string[] = [];
  for (const kind of Object.keys(INDEX_KINDS) as IndexKindName[]) {
    const name = indexName(prefix, kind);
    await client.indices.putIndexTemplate({
      name,
      index_patterns: [`${name}*`],
      composed_of: [settings, runFields],
      priority: 200,
      version: TEMPLATE_VERSION,
      _meta: { ...meta, description: INDEX_KINDS[kind].description },
      template: { mappings: { properties: INDEX_KINDS[kind].properties as Properties } },
    });
    indexTemplates.push(name);
    // Indices made by an older bidlab get the fields added since (adding fields is always allowed;
    // a changed type would fail here, loudly, rather than later on every document).
    await client.indices.putMapping({
      index: `${name}*`, allow_no_indices: true, expand_wildcards: 'all', properties: { ...RUN_FIELDS, ...(INDEX_KINDS[kind].properties as Properties) },
    });
  }
  return { componentTemplates: [settings, runFields], indexTemplates };
}

/**
 * Every field of a kind's documents by dotted path (`savings.avoided_share`) with its mapping type
 * ('object' for an object mapped dynamically, such as no_bids), the shared run fields included.
 */
export function fieldTypes(kind: IndexKindName): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (properties: Properties, prefix: string) => {
    for (const [name, m] of Object.entries(properties)) {
      const mapping = m as { type?: string; properties?: Properties };
      if (mapping.properties) walk(mapping.properties, `${prefix}${name}.`);
      else out.set(`${prefix}${name}`, mapping.type ?? 'object');
    }
  };
  walk(RUN_FIELDS, '');
  walk(INDEX_KINDS[kind].properties as Properties, '');
  return out;
}
