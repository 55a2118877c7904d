/** A reference from one saved object to another, by type and id, under a name the object uses. */
export interface SavedObjectReference {
  readonly name: string;
  readonly type: string;
  readonly id: string;
}

/** One line of a Kibana saved-objects NDJSON file (the 8.x/9.x export format). */
export interface SavedObject {
  readonly type: string;
  readonly id: string;
  readonly attributes: Record<string, unknown>;
  readonly references: ReadonlyArray<SavedObjectReference>;
  readonly coreMigrationVersion: string;
  readonly typeMigrationVersion: string;
  readonly managed: boolean;
}

/**
 * The migration versions written on the objects: Kibana 8.x and 9.x import objects at these
 * versions and migrate them forward, so one bundle serves both.
 */
export const MIGRATION_VERSIONS = {
  core: '8.8.0',
  'index-pattern': '8.0.0',
  lens: '8.9.0',
  dashboard: '8.9.0',
} as const;

/** NDJSON as Kibana's import reads it: one object a line, keys in a fixed order, a final newline. */
export function savedObjectsNdjson(objects: ReadonlyArray<SavedObject>): string {
  return objects.map((o) => JSON.stringify({
    type: o.type, id: o.id, attributes: o.attributes, references: o.references,
    coreMigrationVersion: o.coreMigrationVersion, typeMigrationVersion: o.typeMigrationVersion, managed: o.managed,
  })).join('\n') + '\n';
}
