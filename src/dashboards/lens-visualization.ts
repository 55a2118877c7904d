import { fieldTypes, type IndexKindName } from '../io/elasticsearch/index.js';
import { dataViewId } from './data-view.js';
import { MIGRATION_VERSIONS, type SavedObject } from './saved-object.js';

/** A bucket column: what the chart's x axis, series or table rows are split by. */
export type BucketSpec =
  | { readonly op: 'date_histogram'; readonly field: string; readonly interval?: string; readonly label?: string }
  | { readonly op: 'terms'; readonly field: string; readonly size?: number; readonly label?: string }
  /** A numeric histogram with automatic bar widths. */
  | { readonly op: 'range'; readonly field: string; readonly label?: string };

/** A metric column; `filter` (KQL) narrows the documents it is computed over. */
export type MetricSpec =
  | { readonly op: 'sum' | 'avg' | 'min' | 'max'; readonly field: string; readonly label: string; readonly filter?: string }
  | { readonly op: 'count'; readonly label: string; readonly filter?: string };

/** A compact description of one Lens visualisation over one bidlab index. */
export interface PanelSpec {
  /** Short, unique within the bundle: the saved object id is `<prefix>lens-<id>`. */
  readonly id: string;
  readonly title: string;
  readonly description?: string;
  readonly index: IndexKindName;
  readonly chart: 'line' | 'bar' | 'bar_stacked' | 'table' | 'metric';
  /** KQL applied to the whole visualisation. */
  readonly query?: string;
  /** Charts: the x axis; tables: the first row split. */
  readonly x?: BucketSpec;
  /** Charts: one series per value (terms); metric: one tile per value; tables: further row splits. */
  readonly split?: ReadonlyArray<BucketSpec>;
  readonly metrics: ReadonlyArray<MetricSpec>;
  /** Grid width (of 48) and height on a dashboard. */
  readonly w?: number;
  readonly h?: number;
}

/** The id of a panel's Lens saved object. */
export function lensId(prefix: string, panel: PanelSpec): string {
  return `${prefix}lens-${panel.id}`;
}

/**
 * Builds a Lens saved object (one form-based layer over the data view of `panel.index`) in
 * Kibana's 8.x/9.x shape: `state.datasourceStates.formBased.layers.<layer>.{columns,columnOrder}`,
 * the chart's own `state.visualization`, and the reference `indexpattern-datasource-layer-<layer>`.
 * Column ids are `x`, `s0`…, `m0`… so the objects come out the same on every generation.
 */
export function lensVisualization(prefix: string, panel: PanelSpec): SavedObject {
  const types = fieldTypes(panel.index);
  const layerId = `layer-${panel.id}`;
  const columns: Record<string, unknown> = {};
  const splitIds = (panel.split ?? []).map((_, i) => `s${i}`);
  const metricIds = panel.metrics.map((_, i) => `m${i}`);
  (panel.split ?? []).forEach((b, i) => { columns[splitIds[i]!] = bucketColumn(b, types); });
  if (panel.x) columns['x'] = bucketColumn(panel.x, types);
  panel.metrics.forEach((m, i) => { columns[metricIds[i]!] = metricColumn(m); });
  // Tables list rows in the order given; charts bucket by series first so "top values" span the whole axis.
  const columnOrder = panel.chart === 'table'
    ? [...(panel.x ? ['x'] : []), ...splitIds, ...metricIds]
    : [...splitIds, ...(panel.x ? ['x'] : []), ...metricIds];
  return {
    type: 'lens',
    id: lensId(prefix, panel),
    attributes: {
      title: panel.title,
      description: panel.description ?? '',
      visualizationType: panel.chart === 'table' ? 'lnsDatatable' : panel.chart === 'metric' ? 'lnsMetric' : 'lnsXY',
      state: {
        datasourceStates: { formBased: { layers: { [layerId]: { columns, columnOrder, incompleteColumns: {}, sampling: 1 } } } },
        visualization: visualization(panel, layerId, splitIds, metricIds),
        query: { language: 'kuery', query: panel.query ?? '' },
        filters: [],
        internalReferences: [],
        adHocDataViews: {},
      },
    },
    references: [{ type: 'index-pattern', id: dataViewId(prefix, panel.index), name: `indexpattern-datasource-layer-${layerId}` }],
    coreMigrationVersion: MIGRATION_VERSIONS.core,
    typeMigrationVersion: MIGRATION_VERSIONS.lens,
    managed: false,
  };
}

function visualization(panel: PanelSpec, layerId: string, splitIds: string[], metricIds: string[]): Record<string, unknown> {
  if (panel.chart === 'table') {
    return { layerId, layerType: 'data', columns: [...(panel.x ? ['x'] : []), ...splitIds, ...metricIds].map((columnId) => ({ columnId, isTransposed: false })) };
  }
  if (panel.chart === 'metric') {
    return { layerId, layerType: 'data', metricAccessor: metricIds[0], ...(splitIds[0] ? { breakdownByAccessor: splitIds[0] } : {}) };
  }
  return {
    preferredSeriesType: panel.chart,
    legend: { isVisible: true, position: 'right' },
    valueLabels: 'hide',
    axisTitlesVisibilitySettings: { x: true, yLeft: true, yRight: true },
    layers: [{
      layerId, layerType: 'data', seriesType: panel.chart, accessors: metricIds,
      ...(panel.x ? { xAccessor: 'x' } : {}),
      ...(splitIds[0] ? { splitAccessor: splitIds[0] } : {}),
    }],
  };
}

function bucketColumn(b: BucketSpec, types: Map<string, string>): Record<string, unknown> {
  const base = { label: b.label ?? b.field, customLabel: b.label !== undefined, sourceField: b.field, isBucketed: true };
  if (b.op === 'date_histogram') {
    return { ...base, dataType: 'date', operationType: 'date_histogram', scale: 'interval', params: { interval: b.interval ?? '1h', includeEmptyRows: true, dropPartials: false } };
  }
  if (b.op === 'range') {
    return { ...base, dataType: 'number', operationType: 'range', scale: 'interval', params: { type: 'histogram', maxBars: 'auto', includeEmptyRows: true, ranges: [{ from: 0, to: 1000, label: '' }] } };
  }
  const type = types.get(b.field);
  return {
    ...base, dataType: type === 'boolean' ? 'boolean' : 'string', operationType: 'terms', scale: 'ordinal',
    params: {
      size: b.size ?? 10, orderBy: { type: 'alphabetical', fallback: false }, orderDirection: 'asc', otherBucket: false, missingBucket: false,
      parentFormat: { id: 'terms' }, include: [], exclude: [], includeIsRegex: false, excludeIsRegex: false,
    },
  };
}

function metricColumn(m: MetricSpec): Record<string, unknown> {
  return {
    label: m.label, customLabel: true, dataType: 'number', operationType: m.op, isBucketed: false, scale: 'ratio',
    sourceField: m.op === 'count' ? '___records___' : m.field,
    params: m.op === 'sum' || m.op === 'count' ? { emptyAsNull: true } : {},
    ...(m.filter ? { filter: { language: 'kuery', query: m.filter } } : {}),
  };
}
