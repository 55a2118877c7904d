/**
 * The k6 side of bidlab's load scenarios: reads a definition from scenarios/*.json (the same
 * files `bidlab load` runs), turns it into k6 options, and sends the payloads from a
 * SharedArray. Init-context functions (open, SharedArray) are called at module load by the
 * scripts beside this file, so every path here is relative to load/.
 */
import { check } from 'k6';
import { SharedArray } from 'k6/data';
import http from 'k6/http';
import { Counter, Rate } from 'k6/metrics';
import type { Options, Scenario } from 'k6/options';

export interface LoadDefinition {
  readonly name: string;
  readonly description?: string;
  readonly target?: string;
  readonly path?: string;
  /** Relative to the definition file (scenarios/). */
  readonly payloads: string;
  readonly winRate?: number;
  readonly scenario: Record<string, unknown>;
  readonly thresholds?: Record<string, string[]>;
}

/** Only requests to the bid endpoint count towards the thresholds, as in `bidlab load` (win notices are tagged apart). */
const BID_ONLY = new Set(['http_req_duration', 'http_req_failed', 'http_reqs']);

export interface BidTest {
  readonly options: Options;
  readonly bid: () => void;
}

const noBidRate = new Rate('no_bid_rate');
const winNotices = new Counter('win_notices');

/** The definition, the payloads and the iteration of one load scenario (call in the init context). */
export function bidTest(name: string): BidTest {
  const def = JSON.parse(open(`./scenarios/${name}.json`)) as LoadDefinition;
  const payloadFile = __ENV.PAYLOADS ?? `./scenarios/${def.payloads}`;
  const payloads = new SharedArray('payloads', () => (JSON.parse(open(payloadFile)) as unknown[]).map((p) => JSON.stringify(p)));
  const url = `${__ENV.BIDLAB_TARGET ?? def.target ?? 'http://127.0.0.1:8080'}${def.path ?? '/openrtb2/bid'}`;
  const winRate = def.winRate ?? 0;
  const thresholds: Record<string, string[]> = {};
  for (const [metric, list] of Object.entries(def.thresholds ?? {})) thresholds[BID_ONLY.has(metric) ? `${metric}{kind:bid}` : metric] = list;
  const options: Options = {
    scenarios: { [def.name]: { timeUnit: '1s', ...def.scenario, exec: 'bid' } as unknown as Scenario },
    thresholds,
    summaryTrendStats: ['min', 'avg', 'med', 'p(90)', 'p(99)', 'max'],
    discardResponseBodies: winRate === 0,
  };
  let next = 0;
  // Wins are spread evenly (a credit of winRate per bid, a notice per whole credit): no randomness, the same share in every run.
  let credit = 0;
  const bid = () => {
    const body = payloads[next++ % payloads.length]!;
    const res = http.post(url, body, { headers: { 'Content-Type': 'application/json' }, tags: { kind: 'bid' } });
    check(res, { 'bid or no-bid': (r) => r.status === 200 || r.status === 204 });
    noBidRate.add(res.status === 204);
    // The exchange's side of a won auction: the clearing price into the win notice URL (first price: the bid).
    if (res.status === 200 && winRate > 0 && (credit += winRate) >= 1) {
      credit -= 1;
      const b = (res.json() as { seatbid: { bid: { nurl: string; price: number }[] }[] }).seatbid[0]!.bid[0]!;
      http.get(b.nurl.replace('${AUCTION_PRICE}', String(b.price)), { tags: { kind: 'win' } });
      winNotices.add(1);
    }
  };
  return { options, bid };
}

interface SummaryMetric { readonly values: Record<string, number>; readonly thresholds?: Record<string, { ok: boolean }> }

/** k6's end-of-test data → the JSON file `load/results/<name>.json` and a short text for the terminal. */
export function summary(name: string, data: { metrics: Record<string, SummaryMetric> }): Record<string, string> {
  const m = data.metrics;
  const duration = m['http_req_duration{kind:bid}'] ?? m.http_req_duration;
  const failed = Object.entries(m).flatMap(([metric, v]) => Object.entries(v.thresholds ?? {}).filter(([, t]) => !t.ok).map(([expr]) => `${metric} ${expr}`));
  const lines = [
    `${name}: ${m.http_reqs?.values.count ?? 0} requests (${(m.http_reqs?.values.rate ?? 0).toFixed(0)}/s), dropped ${m.dropped_iterations?.values.count ?? 0}`,
    `latency ms: p50 ${duration?.values.med?.toFixed(3)}  p90 ${duration?.values['p(90)']?.toFixed(3)}  p99 ${duration?.values['p(99)']?.toFixed(3)}  max ${duration?.values.max?.toFixed(3)}`,
    `no-bid rate ${((m.no_bid_rate?.values.rate ?? NaN) * 100).toFixed(2)}%, failed ${((m.http_req_failed?.values.rate ?? NaN) * 100).toFixed(2)}%`,
    failed.length ? `THRESHOLDS FAILED: ${failed.join('; ')}` : 'thresholds passed',
  ];
  return { stdout: `${lines.join('\n')}\n`, [`results/${name}.json`]: JSON.stringify(data, null, 2) };
}
