import { type IndexKindName, indexName } from '../io/elasticsearch/index.js';
import { MIGRATION_VERSIONS, type SavedObject } from './saved-object.js';

/** Which field a data view puts on Kibana's time picker; kinds without one are shown whatever the time range. */
export const TIME_FIELDS: Partial<Record<IndexKindName, string>> = { events: 'sim_time', hourly: 'sim_time' };

/** The id of the data view over one kind of bidlab index, e.g. `bidlab-dv-events`. */
export function dataViewId(prefix: string, kind: IndexKindName): string {
  return `${prefix}dv-${kind}`;
}

/** A data view (type index-pattern) over `<prefix><kind>*`. */
export function dataView(prefix: string, kind: IndexKindName): SavedObject {
  const time = TIME_FIELDS[kind];
  return {
    type: 'index-pattern',
    id: dataViewId(prefix, kind),
    attributes: {
      title: `${indexName(prefix, kind)}*`,
      name: `bidlab ${kind}`,
      ...(time ? { timeFieldName: time } : {}),
      // Kibana reads the fields from the mappings when the view is opened; nothing to cache here.
      fields: '[]',
      fieldAttrs: '{}',
      fieldFormatMap: '{}',
      runtimeFieldMap: '{}',
      sourceFilters: '[]',
      typeMeta: '{}',
      allowNoIndex: true,
    },
    references: [],
    coreMigrationVersion: MIGRATION_VERSIONS.core,
    typeMigrationVersion: MIGRATION_VERSIONS['index-pattern'],
    managed: false,
  };
}
