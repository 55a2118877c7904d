/**
 * The partners' postbacks, pinned by one exemplary fixture per partner in fixtures/<partner>.json
 * (input and expected postback, Prebid Server style). After a deliberate change of the fields,
 * regenerate them with `npx tsx test/attribution/write-postback-fixtures.ts` and review the diff.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildPostback, dedupePostbacks, PostbackDeduper, type Postback, type PostbackInput } from '../../src/attribution/index.js';
import type { MeasurementPartner } from '../../src/scenario/index.js';

interface Fixture {
  partner: MeasurementPartner;
  epochSeconds: number;
  cases: { name: string; input: Omit<PostbackInput, 'clickTime'> & { clickTime: number | null }; receivedAt: number; expected: Postback }[];
}

const PARTNERS: MeasurementPartner[] = ['adjust', 'appsflyer', 'kochava', 'singular'];
const fixture = (partner: MeasurementPartner): Fixture =>
  JSON.parse(readFileSync(join(import.meta.dirname, 'fixtures', `${partner}.json`), 'utf8')) as Fixture;

/** The partner's own parameter names for the device id, event, time and revenue (notes/formats.md). */
const FIELDS: Record<MeasurementPartner, { android: string; ios: string; purchase: string[]; time: string }> = {
  adjust: { android: 'gps_adid', ios: 'idfa', purchase: ['activity_kind', 'event_name', 'revenue', 'currency'], time: 'created_at' },
  appsflyer: { android: 'advertiserId', ios: 'idfa', purchase: ['event_name', 'event_revenue', 'event_revenue_currency', 'click_id'], time: 'event_time' },
  singular: { android: 'AIFA', ios: 'IDFA', purchase: ['EVTNAME', 'AMOUNT', 'CURRENCY', 'IS_VIEWTHROUGH', 'IS_RE_ENG', 'cl'], time: 'timestamp' },
  kochava: { android: 'adid', ios: 'idfa', purchase: ['event_name', 'event_data'], time: 'datetime' },
};

describe.each(PARTNERS)('%s postbacks', (partner) => {
  const { epochSeconds, cases } = fixture(partner);

  it.each(cases.map((c) => [c.name, c] as const))('match the exemplary fixture: %s', (_, c) => {
    const input: PostbackInput = { ...c.input, clickTime: c.input.clickTime ?? NaN };
    expect(buildPostback(input, epochSeconds, c.receivedAt)).toEqual(c.expected);
  });

  it("use the partner's field names, unix seconds and decimal revenue", () => {
    const fields = FIELDS[partner];
    const [purchase, view] = cases.map((c) => c.expected.params);
    expect(Object.keys(purchase)).toEqual(expect.arrayContaining([fields.android, fields.time, ...fields.purchase]));
    expect(Object.keys(view)).toContain(fields.ios);
    expect(purchase[fields.time]).toMatch(/^\d{10}$/);
    const amount = partner === 'kochava' ? (JSON.parse(purchase.event_data) as { sum: string }).sum : purchase[fields.purchase.find((f) => /revenue$|AMOUNT/.test(f)) ?? ''];
    expect(amount).toBe('12.50');
    for (const value of Object.values(view)) expect(typeof value).toBe('string');
  });
});

describe('dedupePostbacks', () => {
  const postback = (eventId: string, partner: MeasurementPartner = 'singular', receivedAt = 0): Postback => ({ partner, eventId, receivedAt, params: { EVTNAME: eventId } });

  it('keeps the first of every repeated conversion, in order, when retries are injected', () => {
    const originals = Array.from({ length: 50 }, (_, i) => postback(`${i}-purchase-0`));
    const withRetries: Postback[] = [];
    originals.forEach((p, i) => {
      withRetries.push(p);
      if (i % 3 === 0) withRetries.push({ ...p, receivedAt: p.receivedAt + 60 }, { ...p, receivedAt: p.receivedAt + 300 });
    });
    withRetries.push(...originals.slice(0, 10).map((p) => ({ ...p, receivedAt: 900 })));
    expect(withRetries.length).toBeGreaterThan(originals.length);
    const once = dedupePostbacks(withRetries);
    expect(once).toEqual(originals);
    expect(dedupePostbacks(once)).toEqual(once);
  });

  it('tells partners apart and accepts each conversion once when streamed', () => {
    const deduper = new PostbackDeduper();
    expect(deduper.accept(postback('1-reengagement-0', 'adjust'))).toBe(true);
    expect(deduper.accept(postback('1-reengagement-0', 'kochava'))).toBe(true);
    expect(deduper.accept(postback('1-reengagement-0', 'adjust', 60))).toBe(false);
  });
});
