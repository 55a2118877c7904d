import { INDEX_KINDS, type IndexKindName } from '../io/elasticsearch/index.js';
import { dashboardObject, type DashboardSpec } from './dashboard-object.js';
import { dataView } from './data-view.js';
import { lensVisualization, type MetricSpec, type PanelSpec } from './lens-visualization.js';
import type { SavedObject } from './saved-object.js';

const byPolicy = { op: 'terms', field: 'policy', size: 10, label: 'Policy' } as const;
const perHour = { op: 'date_histogram', field: 'sim_time', interval: '1h', label: 'Simulated time' } as const;
const headToHead = 'role : "champion" or role : "challenger"';
/** Simulated time starts on the scenario's startDate (2025-03-03 by default), not today. */
const SIMULATED_YEARS = { from: '2020-01-01T00:00:00.000Z', to: 'now+5y' };

const runOverview: DashboardSpec = {
  id: 'run-overview',
  title: 'bidlab: run overview',
  description: 'Spend, revenue, ROI predicted against actual, conversions, savings on non-performing ads and win rate, per policy and over simulated time. Filter one run with run_id in the query bar.',
  time: SIMULATED_YEARS,
  panels: [
    {
      id: 'run-summary', title: 'Run summary by policy', index: 'runs', chart: 'table', x: byPolicy, w: 48, h: 10,
      metrics: [
        { op: 'sum', field: 'spend', label: 'Spend (USD)' },
        { op: 'sum', field: 'attributed_revenue', label: 'Attributed revenue (USD)' },
        { op: 'avg', field: 'predicted_roi', label: 'Predicted ROI' },
        { op: 'avg', field: 'actual_roi', label: 'Actual ROI' },
        { op: 'sum', field: 'conversions', label: 'Conversions' },
        { op: 'sum', field: 'wins', label: 'Wins' },
        { op: 'avg', field: 'win_rate', label: 'Win rate' },
        { op: 'avg', field: 'savings.avoided_share', label: 'Non-performing spend avoided' },
      ],
    },
    { id: 'spend-per-hour', title: 'Spend per simulated hour', index: 'hourly', chart: 'line', x: perHour, split: [byPolicy], metrics: [{ op: 'sum', field: 'spend', label: 'Spend (USD)' }] },
    {
      id: 'revenue-per-hour', title: 'Attributed revenue per simulated hour (comparisons)', index: 'hourly', chart: 'line', x: perHour, split: [byPolicy],
      metrics: [{ op: 'sum', field: 'revenue', label: 'Revenue (USD)' }],
      description: "Runs' events do not carry attributed revenue yet: this chart shows what comparisons' timelines give.",
    },
    { id: 'wins-per-hour', title: 'Wins per simulated hour', index: 'hourly', chart: 'line', x: perHour, split: [byPolicy], metrics: [{ op: 'sum', field: 'wins', label: 'Wins' }] },
    {
      id: 'win-rate-per-hour', title: 'Win rate per simulated hour (wins ÷ bids)', index: 'events', chart: 'line', x: perHour, split: [byPolicy],
      metrics: [{ op: 'avg', field: 'won_count', label: 'Win rate', filter: 'bid : true' }],
    },
    {
      id: 'roi-predicted-actual', title: 'ROI: predicted against actual', index: 'runs', chart: 'bar', x: byPolicy,
      metrics: [{ op: 'avg', field: 'predicted_roi', label: 'Predicted ROI' }, { op: 'avg', field: 'actual_roi', label: 'Actual ROI' }],
    },
    { id: 'conversions', title: 'Conversions', index: 'runs', chart: 'bar', x: byPolicy, metrics: [{ op: 'sum', field: 'conversions', label: 'Conversions' }] },
    {
      id: 'savings', title: 'Savings on non-performing ads (share of the baseline’s spend avoided)', index: 'runs', chart: 'bar', x: byPolicy,
      metrics: [{ op: 'avg', field: 'savings.avoided_share', label: 'Avoided share' }, { op: 'avg', field: 'savings.conversions_retained', label: 'Conversions retained' }],
    },
  ],
};

const championChallenger: DashboardSpec = {
  id: 'champion-challenger',
  title: 'bidlab: champion vs challenger',
  description: "The comparison's verdict and gate rules, the two models' figures side by side, and ROI by segment. Filter one comparison with run_id in the query bar.",
  panels: [
    {
      id: 'verdicts', title: 'Verdicts', index: 'verdicts', chart: 'table', w: 48, h: 8,
      x: { op: 'terms', field: 'run_id', size: 20, label: 'Comparison' },
      split: [{ op: 'terms', field: 'champion', label: 'Champion' }, { op: 'terms', field: 'challenger', label: 'Challenger' }, { op: 'terms', field: 'verdict', label: 'Verdict' }],
      metrics: [
        { op: 'max', field: 'checks_failed', label: 'Rules failed' },
        { op: 'avg', field: 'difference.roi.estimate', label: 'ROI difference' },
        { op: 'avg', field: 'difference.roi.lower', label: 'lower' },
        { op: 'avg', field: 'difference.roi.upper', label: 'upper' },
        { op: 'avg', field: 'difference.conversions.estimate', label: 'Conversions difference' },
      ],
    },
    {
      id: 'gate-checks', title: 'Gate rules', index: 'gate-checks', chart: 'table', w: 48, h: 8,
      x: { op: 'terms', field: 'rule', size: 20, label: 'Rule' }, split: [{ op: 'terms', field: 'passed', label: 'Passed' }],
      metrics: [
        { op: 'avg', field: 'estimate', label: 'Estimate' }, { op: 'avg', field: 'lower', label: 'Lower' },
        { op: 'avg', field: 'upper', label: 'Upper' }, { op: 'avg', field: 'threshold', label: 'Threshold' },
      ],
    },
    {
      id: 'head-to-head-money', title: 'Spend and revenue side by side', index: 'runs', chart: 'bar', query: headToHead, x: byPolicy,
      metrics: [{ op: 'sum', field: 'spend', label: 'Spend (USD)' }, { op: 'sum', field: 'attributed_revenue', label: 'Attributed revenue (USD)' }],
    },
    {
      id: 'head-to-head-roi', title: 'ROI and conversions side by side', index: 'runs', chart: 'bar', query: headToHead, x: byPolicy,
      metrics: [{ op: 'avg', field: 'actual_roi', label: 'Actual ROI' }, { op: 'avg', field: 'predicted_roi', label: 'Predicted ROI' }, { op: 'sum', field: 'conversions', label: 'Conversions' }],
    },
    ...(['country', 'appCategory'] as const).map((dimension): PanelSpec => ({
      id: `head-to-head-roi-${dimension}`, title: `Actual ROI by ${dimension === 'country' ? 'country' : 'app category'}`, index: 'segments', chart: 'bar',
      query: `dimension : "${dimension}" and (${headToHead})`, x: { op: 'terms', field: 'segment', size: 30, label: dimension }, split: [byPolicy],
      metrics: [{ op: 'avg', field: 'actual_roi', label: 'Actual ROI' }],
    })),
  ],
};

const DIMENSIONS = [['appCategory', 'app category'], ['country', 'country'], ['os', 'OS'], ['recency', 'recency of the last purchase']] as const;

const segments: DashboardSpec = {
  id: 'segments',
  title: 'bidlab: segments',
  description: 'ROI and conversions by app category, country, OS and recency bucket, per policy (from comparisons). Filter one comparison with run_id in the query bar.',
  panels: DIMENSIONS.flatMap(([dimension, name]): PanelSpec[] => [
    {
      id: `segment-roi-${dimension}`, title: `ROI by ${name}`, index: 'segments', chart: 'bar', query: `dimension : "${dimension}"`,
      x: { op: 'terms', field: 'segment', size: 30, label: name }, split: [byPolicy],
      metrics: [{ op: 'avg', field: 'actual_roi', label: 'Actual ROI' }, { op: 'avg', field: 'predicted_roi', label: 'Predicted ROI' }],
    },
    {
      id: `segment-conversions-${dimension}`, title: `Conversions by ${name}`, index: 'segments', chart: 'bar', query: `dimension : "${dimension}"`,
      x: { op: 'terms', field: 'segment', size: 30, label: name }, split: [byPolicy],
      metrics: [{ op: 'sum', field: 'conversions', label: 'Conversions' }],
    },
  ]),
};

const rates: MetricSpec[] = [{ op: 'avg', field: 'mean_predicted', label: 'Predicted rate' }, { op: 'avg', field: 'observed_rate', label: 'Observed rate' }];
const byBin = { op: 'terms', field: 'bin_label', size: 60, label: 'P(conversion) bin' } as const;

const calibration: DashboardSpec = {
  id: 'calibration',
  title: 'bidlab: calibration',
  description: 'Predicted against observed conversion rate by reliability bin, per policy (from comparisons). Pick one comparison (run_id) and one policy in the query bar: rates are averaged over the documents shown.',
  panels: [
    { id: 'calibration-wins', title: 'Won impressions: predicted vs observed conversion rate by bin', index: 'calibration', chart: 'line', query: 'basis : "wins"', x: byBin, metrics: rates },
    { id: 'calibration-truth', title: 'All scored opportunities: predicted vs true conversion rate by bin (synthetic worlds)', index: 'calibration', chart: 'line', query: 'basis : "truth"', x: byBin, metrics: rates },
    {
      id: 'calibration-observed-by-policy', title: 'Observed conversion rate by bin and policy (won impressions)', index: 'calibration', chart: 'line', query: 'basis : "wins"',
      x: byBin, split: [byPolicy], metrics: [{ op: 'avg', field: 'observed_rate', label: 'Observed rate' }],
    },
    {
      id: 'calibration-table', title: 'Reliability bins', index: 'calibration', chart: 'table', query: 'basis : "wins"', x: byPolicy, split: [byBin],
      metrics: [
        { op: 'sum', field: 'count', label: 'Impressions' }, ...rates,
        { op: 'sum', field: 'predicted_conversions', label: 'Predicted conversions' }, { op: 'sum', field: 'observed_conversions', label: 'Observed conversions' },
      ],
    },
  ],
};

const winRate: MetricSpec = { op: 'avg', field: 'won_count', label: 'Win rate', filter: 'bid : true' };

const market: DashboardSpec = {
  id: 'market',
  title: 'bidlab: market',
  description: 'Win rate and price paid against the floor and competitor pressure (the highest competing bid), from the per-auction events.',
  time: SIMULATED_YEARS,
  panels: [
    { id: 'win-rate-by-floor', title: 'Win rate by floor (CPM)', index: 'events', chart: 'line', x: { op: 'range', field: 'floor_cpm', label: 'Floor CPM' }, split: [byPolicy], metrics: [winRate] },
    {
      id: 'win-rate-by-competition', title: 'Win rate by the highest competing bid (CPM)', index: 'events', chart: 'line',
      x: { op: 'range', field: 'highest_competitor_cpm', label: 'Highest competitor CPM' }, split: [byPolicy], metrics: [winRate],
    },
    {
      id: 'price-by-floor', title: 'Price paid against floor and competition (CPM)', index: 'events', chart: 'line', x: { op: 'range', field: 'floor_cpm', label: 'Floor CPM' },
      metrics: [
        { op: 'avg', field: 'paid_cpm', label: 'Paid CPM', filter: 'won : true' },
        { op: 'avg', field: 'highest_competitor_cpm', label: 'Highest competitor CPM' },
        { op: 'avg', field: 'floor_cpm', label: 'Floor CPM' },
      ],
    },
    {
      id: 'price-per-hour', title: 'Price paid, floor and competition per simulated hour (CPM)', index: 'events', chart: 'line', x: perHour,
      metrics: [
        { op: 'avg', field: 'paid_cpm', label: 'Paid CPM', filter: 'won : true' },
        { op: 'avg', field: 'highest_competitor_cpm', label: 'Highest competitor CPM' },
        { op: 'avg', field: 'floor_cpm', label: 'Floor CPM' },
      ],
    },
    {
      id: 'market-by-policy', title: 'Bids, wins and spend by policy', index: 'events', chart: 'table', x: byPolicy, w: 48, h: 8,
      metrics: [
        { op: 'count', label: 'Bids', filter: 'bid : true' }, { op: 'sum', field: 'won_count', label: 'Wins' }, winRate,
        { op: 'sum', field: 'spend', label: 'Spend (USD)' }, { op: 'avg', field: 'paid_cpm', label: 'Paid CPM', filter: 'won : true' },
        { op: 'avg', field: 'floor_cpm', label: 'Floor CPM', filter: 'won : true' },
      ],
    },
  ],
};

/** Where the committed bundle lives, relative to the repository root (scripts/write-dashboards.ts writes it). */
export const DASHBOARDS_FILE = 'dashboards/bidlab.ndjson';

/** The five dashboards of issue 6, in the order the bundle lists them. */
export const DASHBOARDS: ReadonlyArray<DashboardSpec> = [runOverview, championChallenger, segments, calibration, market];

/**
 * The whole bundle for indices named with `prefix`: a data view per index kind the panels use,
 * then the Lens objects, then the dashboards (referenced objects first, as Kibana exports them).
 */
export function bidlabDashboards(prefix = 'bidlab-'): SavedObject[] {
  const panels = DASHBOARDS.flatMap((d) => d.panels);
  const kinds = (Object.keys(INDEX_KINDS) as IndexKindName[]).filter((k) => panels.some((p) => p.index === k));
  return [
    ...kinds.map((k) => dataView(prefix, k)),
    ...panels.map((p) => lensVisualization(prefix, p)),
    ...DASHBOARDS.map((d) => dashboardObject(prefix, d)),
  ];
}
