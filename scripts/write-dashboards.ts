// Writes dashboards/bidlab.ndjson (Kibana saved objects) from src/dashboards/bidlab-dashboards.ts.
// Run after changing the dashboards or the index templates: npx tsx scripts/write-dashboards.ts
// (test/dashboards/bundle.test.ts fails while the committed file differs from what this writes).
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { bidlabDashboards, DASHBOARDS_FILE, savedObjectsNdjson } from '../src/dashboards/index.js';

const objects = bidlabDashboards();
writeFileSync(fileURLToPath(new URL(`../${DASHBOARDS_FILE}`, import.meta.url)), savedObjectsNdjson(objects));
console.log(`wrote ${DASHBOARDS_FILE}: ${objects.length} saved objects`);
