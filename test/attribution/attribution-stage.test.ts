import { describe, expect, it } from 'vitest';
import { AttributionStage, type AttributionEvent } from '../../src/attribution/index.js';
import type { OpportunityTruth } from '../../src/domain/index.js';
import { RandomStreams } from '../../src/rng/index.js';
import type { Distribution } from '../../src/scenario/index.js';
import { attributionConfig, opportunity, purchaseCampaign, reengageCampaign, truth } from './helpers.js';

const EPOCH = 1_793_491_200;
const rich = truth({ pClick: 0.4, pReengageGivenClick: 0.6, pViewThrough: 0.3, pPurchaseGivenReengage: 0.7 });
const PRIORITY = { impression: 0, click: 1, install: 2, reengagement: 3, purchase: 4 } as const;

function stage(seed = 9, attribution = attributionConfig({ partners: { byApp: { 'com.example.shop': 'adjust' } } })): AttributionStage {
  return new AttributionStage({ streams: new RandomStreams(seed), attribution, startEpochSeconds: EPOCH });
}

/** Runs wins of opportunities 0..n−1, one every `gap` seconds, draining before each as the run loop does. */
function run(s: AttributionStage, ids: number[], policies: number[], t: OpportunityTruth = rich, gap = 30): AttributionEvent[] {
  const events: AttributionEvent[] = [];
  const sink = (e: AttributionEvent) => events.push(e);
  const campaign = purchaseCampaign();
  for (const id of ids) {
    s.drainUntil(id * gap, sink);
    for (const p of policies) s.onWin(p, opportunity(id, id * gap), t, campaign, 2.5);
  }
  s.drainAll(sink);
  return events;
}

const sorted = (events: AttributionEvent[]) =>
  [...events].sort((a, b) => a.opportunityId - b.opportunityId || PRIORITY[a.kind] - PRIORITY[b.kind] || a.time - b.time || a.policyIndex - b.policyIndex);
/** Rounded to the microsecond: t0 + offset − t0 is not offset in doubles. */
const micro = (x: number) => Math.round(x * 1e6) / 1e6;
const withoutPolicy = ({ policyIndex: _, ...rest }: AttributionEvent) => rest;

describe('AttributionStage', () => {
  const ids = Array.from({ length: 600 }, (_, i) => i);

  it('gives two policies that win the same opportunity the same events', () => {
    const events = run(stage(), ids, [0, 1]);
    const a = events.filter((e) => e.policyIndex === 0).map(withoutPolicy);
    const b = events.filter((e) => e.policyIndex === 1).map(withoutPolicy);
    expect(a.length).toBeGreaterThan(ids.length);
    expect(b).toEqual(a);
    expect(a.some((e) => e.kind === 'purchase' && e.postback)).toBe(true);
  });

  it('gives the same events however the opportunities are partitioned between stages', () => {
    const all = run(stage(), ids, [0]);
    const even = run(stage(), ids.filter((i) => i % 2 === 0), [0]);
    const odd = run(stage(), ids.filter((i) => i % 2 === 1), [0]);
    expect(sorted([...even, ...odd])).toEqual(sorted(all));
  });

  it('shifts a chain with the impression time and changes nothing else', () => {
    const campaign = purchaseCampaign();
    const at = (time: number) => {
      const s = stage();
      const events: AttributionEvent[] = [];
      for (let id = 0; id < 50; id++) s.onWin(0, opportunity(id, time), rich, campaign, 1);
      s.drainAll((e) => events.push(e));
      return sorted(events).map((e) => ({ ...e, time: micro(e.time - time), postback: e.postback && { ...e.postback, receivedAt: micro(e.postback.receivedAt - time), params: {} } }));
    };
    expect(at(86_400)).toEqual(at(100));
  });

  it('delivers events in time order, causes first at equal times, and drainAll leaves nothing', () => {
    const s = stage();
    const events = run(s, ids, [0, 1]);
    expect(s.pending).toBe(0);
    for (let i = 1; i < events.length; i++) {
      const [a, b] = [events[i - 1], events[i]];
      expect(b.time >= a.time).toBe(true);
      if (b.time === a.time) expect(PRIORITY[b.kind]).toBeGreaterThanOrEqual(PRIORITY[a.kind]);
    }
    expect(new Set(events.map((e) => e.kind))).toEqual(new Set(['impression', 'click', 'reengagement', 'purchase']));
  });

  it('orders a chain whose delays are all zero impression, click, re-engagement, purchases', () => {
    const zero: Distribution = { dist: 'constant', value: 0 };
    const attribution = attributionConfig({ delays: { clickToReengageSeconds: zero, reengageToPurchaseSeconds: zero, postbackSeconds: zero } });
    const s = new AttributionStage({ streams: new RandomStreams(3), attribution, startEpochSeconds: EPOCH, response: { impressionToClickSeconds: zero } });
    const sure = truth({ pClick: 1, pReengageGivenClick: 1, pPurchaseGivenReengage: 1 });
    s.onWin(0, opportunity(1, 50), sure, purchaseCampaign(), 1);
    s.onWin(0, opportunity(2, 50), truth({ pClick: 0, pViewThrough: 0 }), purchaseCampaign(), 1);
    const events: AttributionEvent[] = [];
    s.drainAll((e) => events.push(e));
    expect(events.map((e) => e.time)).toEqual(events.map(() => 50));
    const kinds = events.map((e) => e.kind);
    expect(kinds.slice(0, 4)).toEqual(['impression', 'impression', 'click', 'reengagement']);
    expect(kinds.slice(4).every((k) => k === 'purchase')).toBe(true);
  });

  it('holds only pending events and delivers up to the time asked', () => {
    const s = stage();
    const campaign = purchaseCampaign();
    for (let id = 0; id < 200; id++) s.onWin(0, opportunity(id, 0), rich, campaign, 1);
    const before = s.pending;
    const early: AttributionEvent[] = [];
    s.drainUntil(60, (e) => early.push(e));
    expect(early.every((e) => e.time <= 60)).toBe(true);
    expect(s.pending).toBe(before - early.length);
    expect(s.clock.now).toBeLessThanOrEqual(60);
    s.drainAll(() => undefined);
    expect(s.pending).toBe(0);
  });

  it('attaches postbacks to attributed conversions only, with cost, value and goal flags', () => {
    const events = run(stage(), ids, [0]);
    for (const e of events) {
      if (e.kind === 'impression') expect(e.cost).toBe(0.0025);
      else expect(e.cost).toBe(0);
      if (e.kind === 'impression' || e.kind === 'click') expect(e.attributed).toBeNull();
      expect(e.postback !== undefined).toBe(e.attributed !== null);
      expect(e.conversion).toBe(e.kind === 'purchase');
      if (e.postback) {
        expect(e.postback.partner).toBe('adjust');
        expect(e.postback.receivedAt).toBeGreaterThanOrEqual(e.time);
        expect(e.postback.params.gps_adid).toBe(`ifa-${e.opportunityId}`);
        expect(Number(e.postback.params.created_at)).toBe(Math.floor(EPOCH + e.time));
      }
    }
    expect(events.some((e) => e.attributed === 'view')).toBe(true);
    expect(events.some((e) => e.attributed === 'click')).toBe(true);
  });

  it('leaves conversions past the windows unattributed: organic, no postback', () => {
    const slow = { dist: 'constant', value: 8 * 86_400 };
    const attribution = attributionConfig({ delays: { clickToReengageSeconds: slow, viewToReengageSeconds: { dist: 'constant', value: 86_401 } } });
    const events = run(stage(4, attribution), ids, [0]);
    const conversions = events.filter((e) => e.kind === 'reengagement' || e.kind === 'purchase');
    expect(conversions.length).toBeGreaterThan(0);
    for (const e of conversions) {
      expect(e.attributed).toBeNull();
      expect(e.postback).toBeUndefined();
    }
  });

  it("counts the re-engagement as the conversion of a 're-engagement' campaign, via the default partner", () => {
    const s = stage();
    const events: AttributionEvent[] = [];
    const campaign = reengageCampaign();
    for (let id = 0; id < 300; id++) s.onWin(0, opportunity(id, id, 'ios'), rich, campaign, 1);
    s.drainAll((e) => events.push(e));
    const reengagements = events.filter((e) => e.kind === 'reengagement');
    expect(reengagements.length).toBeGreaterThan(0);
    for (const e of reengagements) expect(e).toMatchObject({ conversion: true, value: 2.5 });
    const attributed = reengagements.find((e) => e.postback);
    expect(attributed?.postback?.partner).toBe('appsflyer');
    expect(attributed?.postback?.params.idfa).toBe(`ifa-${attributed?.opportunityId}`);
    expect(events.filter((e) => e.kind === 'purchase').every((e) => !e.conversion)).toBe(true);
  });

  it('refuses a win in the simulated past', () => {
    const s = stage();
    s.onWin(0, opportunity(1, 100), truth(), purchaseCampaign(), 1);
    s.drainAll(() => undefined);
    expect(() => s.onWin(0, opportunity(2, 10), truth(), purchaseCampaign(), 1)).toThrow(expect.objectContaining({ code: 'SIM_EVENT_IN_PAST' }));
  });
});
