// Writes scenarios/scenario.schema.json from the zod definitions in src/scenario/.
// Run after changing them: npx tsx scripts/write-scenario-schema.ts
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { SCENARIO_SCHEMA_FILE, scenarioJsonSchemaText } from '../src/scenario/index.js';

const target = fileURLToPath(new URL(`../${SCENARIO_SCHEMA_FILE}`, import.meta.url));
writeFileSync(target, scenarioJsonSchemaText());
console.log(`wrote ${SCENARIO_SCHEMA_FILE}`);
