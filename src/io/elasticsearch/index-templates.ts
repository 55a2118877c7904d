import type { Client, estypes } from '@elastic/elasticsearch';

type Properties = Record<string, estypes.MappingProperty>;

/** Bumped whenever a mapping changes, so `_meta.version` tells which bidlab wrote a template. */
export const TEMPLATE_VERSION = 1;

const keyword: estypes.MappingProperty = { type: 'keyword' };
const long: estypes.MappingProperty = { type: 'long' };
const integer: estypes.MappingProperty = { type: 'integer' };
const double: estypes.MappingProperty = { type: 'double' };
const boolean: estypes.MappingProperty = { type: 'boolean' };
/** Simulated and wall times; bidlab sends epoch milliseconds, people may query with ISO text. */
const date: estypes.MappingProperty = { type: 'date', format: 'strict_date_optional_time||epoch_millis' };

/** Fields every bidlab document carries: which run, which policy, and when it was indexed. */
const RUN_FIELDS: Properties = {
  run_id: keyword,
  scenario: keyword,
  seed: long,
  policy: keyword,
  /** First simulated instant of the run. */
  sim_start: date,
  /** Wall clock of the `bidlab index` call that wrote the document. */
  indexed_at: date,
};

/** One kind of bidlab index: its name after the prefix and the mappings beyond RUN_FIELDS. */
export interface IndexKind {
  readonly name: string;
  readonly description: string;
  readonly properties: Properties;
}

/**
 * Every index bidlab writes. Adding one (the per-segment aggregates and comparison verdicts of
 * issue 4, for instance) is one more entry here: `bidlab es setup` and every indexing install the
 * whole list.
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
      /** Share of opportunities indexed (1 = all): divide counts by it to estimate totals. */
      sample_share: double,
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
      /** Attributed revenue, when the events carry it (not yet: kept for the dashboards' sake). */
      revenue: double,
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
    },
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
 * template per kind. Idempotent: PUT replaces a template by name, so running it twice changes
 * nothing. Existing indices keep their mappings; new ones get these.
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
  }
  return { componentTemplates: [settings, runFields], indexTemplates };
}
