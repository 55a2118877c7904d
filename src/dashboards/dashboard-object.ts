import { lensId, type PanelSpec } from './lens-visualization.js';
import { MIGRATION_VERSIONS, type SavedObject } from './saved-object.js';

/** A compact description of one dashboard: its panels, laid out left to right, top to bottom. */
export interface DashboardSpec {
  /** Short, unique: the saved object id is `<prefix>dashboard-<id>`. */
  readonly id: string;
  readonly title: string;
  readonly description: string;
  readonly panels: ReadonlyArray<PanelSpec>;
  /** Saved time range, for dashboards over simulated time (which is not today). */
  readonly time?: { readonly from: string; readonly to: string };
}

const GRID_WIDTH = 48;

/**
 * A dashboard saved object whose panels refer to their Lens objects by reference: each panel in
 * `panelsJSON` has `panelRefName` `panel_<i>`, and the dashboard a reference `<i>:panel_<i>` to
 * the Lens object, as Kibana exports them.
 */
export function dashboardObject(prefix: string, spec: DashboardSpec): SavedObject {
  let x = 0;
  let y = 0;
  let rowHeight = 0;
  const panels = spec.panels.map((p, i) => {
    const w = p.w ?? 24;
    const h = p.h ?? 12;
    if (x + w > GRID_WIDTH) { x = 0; y += rowHeight; rowHeight = 0; }
    const panel = {
      type: 'lens', panelIndex: String(i), gridData: { x, y, w, h, i: String(i) },
      embeddableConfig: { enhancements: {} }, panelRefName: `panel_${i}`,
    };
    x += w;
    rowHeight = Math.max(rowHeight, h);
    return panel;
  });
  return {
    type: 'dashboard',
    id: `${prefix}dashboard-${spec.id}`,
    attributes: {
      title: spec.title,
      description: spec.description,
      panelsJSON: JSON.stringify(panels),
      optionsJSON: JSON.stringify({ useMargins: true, syncColors: true, syncCursor: true, syncTooltips: false, hidePanelTitles: false }),
      version: 1,
      timeRestore: spec.time !== undefined,
      ...(spec.time ? { timeFrom: spec.time.from, timeTo: spec.time.to, refreshInterval: { pause: true, value: 0 } } : {}),
      kibanaSavedObjectMeta: { searchSourceJSON: JSON.stringify({ query: { language: 'kuery', query: '' }, filter: [] }) },
    },
    references: spec.panels.map((p, i) => ({ name: `${i}:panel_${i}`, type: 'lens', id: lensId(prefix, p) })),
    coreMigrationVersion: MIGRATION_VERSIONS.core,
    typeMigrationVersion: MIGRATION_VERSIONS.dashboard,
    managed: false,
  };
}
