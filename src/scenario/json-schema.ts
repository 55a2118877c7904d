import { z } from 'zod';
import { scenarioSchema } from './scenario-schema.js';

/** Where the schema is committed, relative to the repository root; scenario files point at it. */
export const SCENARIO_SCHEMA_FILE = 'scenarios/scenario.schema.json';

/**
 * The JSON Schema (draft 2020-12) of scenario files, generated from the zod definitions the loader
 * validates with. It describes what a file may hold (defaults optional, unknown keys rejected);
 * checks across fields (unique names, references) are the loader's alone.
 */
export function scenarioJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(scenarioSchema, { io: 'input', target: 'draft-2020-12' }) as Record<string, unknown>;
}

/** The schema as committed: two-space indented JSON with a final newline. */
export function scenarioJsonSchemaText(): string {
  return `${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`;
}
