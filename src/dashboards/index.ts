export { bidlabDashboards, DASHBOARDS, DASHBOARDS_FILE } from './bidlab-dashboards.js';
export { dashboardObject, type DashboardSpec } from './dashboard-object.js';
export { dataView, dataViewId, TIME_FIELDS } from './data-view.js';
export { type BucketSpec, lensId, lensVisualization, type MetricSpec, type PanelSpec } from './lens-visualization.js';
export { MIGRATION_VERSIONS, type SavedObject, type SavedObjectReference, savedObjectsNdjson } from './saved-object.js';
export { type BundleFile, type BundleProblem, formatProblem, validateSavedObjects } from './validate-saved-objects.js';
