import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { SCENARIO_SCHEMA_FILE, scenarioJsonSchema, scenarioJsonSchemaText } from '../../src/scenario/index.js';

const REGENERATE = 'npx tsx scripts/write-scenario-schema.ts';

type JsonObject = { [key: string]: unknown };

function everySchema(node: unknown, visit: (schema: JsonObject, path: string) => void, path = '#'): void {
  if (Array.isArray(node)) node.forEach((child, i) => everySchema(child, visit, `${path}/${i}`));
  else if (typeof node === 'object' && node !== null) {
    visit(node as JsonObject, path);
    for (const [key, child] of Object.entries(node)) if (key !== 'default') everySchema(child, visit, `${path}/${key}`);
  }
}

describe('the JSON Schema of scenario files', () => {
  it(`is committed as ${SCENARIO_SCHEMA_FILE}, generated from the zod definitions`, () => {
    const committed = readFileSync(fileURLToPath(new URL(`../../${SCENARIO_SCHEMA_FILE}`, import.meta.url)), 'utf8');
    expect(committed === scenarioJsonSchemaText(), `${SCENARIO_SCHEMA_FILE} is out of date: run ${REGENERATE}`).toBe(true);
  });

  it('rejects unknown keys in every object', () => {
    everySchema(scenarioJsonSchema(), (schema, path) => {
      if (schema.type === 'object' && schema.properties !== undefined) expect(schema.additionalProperties, path).toBe(false);
    });
  });

  it('describes every field, for editor completion', () => {
    everySchema(scenarioJsonSchema(), (schema, path) => {
      if (schema.type !== 'object' || typeof schema.properties !== 'object') return;
      for (const [key, field] of Object.entries(schema.properties as Record<string, JsonObject>)) {
        expect(typeof field.description === 'string' || typeof field.$ref === 'string', `${path}/properties/${key}`).toBe(true);
      }
    });
  });

  it('leaves out of required what has a default', () => {
    const schema = scenarioJsonSchema() as { required: string[] };
    expect(schema.required).toEqual(['name', 'seed', 'world', 'traffic', 'campaigns', 'policies']);
  });
});
