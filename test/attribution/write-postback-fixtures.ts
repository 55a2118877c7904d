/**
 * Regenerates test/attribution/fixtures/<partner>.json from the current postback builders:
 *
 *     npx tsx test/attribution/write-postback-fixtures.ts
 *
 * Only after a deliberate change of a partner's fields; review the diff, since the fixtures are
 * what pins the field names (Prebid Server's exemplary JSON style).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildPostback } from '../../src/attribution/index.js';
import type { MeasurementPartner } from '../../src/scenario/index.js';
import { EPOCH, postbackCases } from './postback-cases.js';

const PARTNERS: MeasurementPartner[] = ['adjust', 'appsflyer', 'kochava', 'singular'];

for (const partner of PARTNERS) {
  const cases = postbackCases(partner).map(({ name, input, receivedAt }) => ({
    name,
    // JSON has no NaN: a missing click is null in the fixture.
    input: { ...input, clickTime: Number.isNaN(input.clickTime) ? null : input.clickTime },
    receivedAt,
    expected: buildPostback(input, EPOCH, receivedAt),
  }));
  const file = join(import.meta.dirname, 'fixtures', `${partner}.json`);
  writeFileSync(file, `${JSON.stringify({ partner, epochSeconds: EPOCH, cases }, null, 2)}\n`);
  process.stderr.write(`wrote ${file}\n`);
}
