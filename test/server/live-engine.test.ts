import { describe, expect, it } from 'vitest';
import type { BidRequest } from '../../src/domain/index.js';
import { Bidder, type BidderCampaign, type UserProfile } from '../../src/engine/index.js';
import { LiveEngine } from '../../src/engine/live-engine.js';

const campaign: BidderCampaign = {
  id: 'c', valuePerConversion: 2, roiTarget: 1, dailyBudget: 0.01,
  targeting: { countries: undefined, categories: undefined, formats: undefined, lapsedMin: 0, lapsedMax: 1000 },
  capImpressions: 1000, capHours: 24,
};

function profile(key: number): UserProfile {
  return { key, campaign: 0, sessions30d: 1, appOpensPerWeek: 0, inAppEvents30d: 0, installs90d: 0, installedCategories: 0, daysSinceLastOpen: 10, payer: 0, daysSinceLastPurchase: NaN };
}

const request = (ifa: string): BidRequest => ({ id: 'r', imp: [{ id: '1', banner: { w: 320, h: 50 } }], device: { ifa, os: 'android' } });

/** $2 CPM on every targeted request, ASAP pacing, a $0.01 daily budget: five wins spend it. */
function engine(options: { ledgerSize?: number } = {}) {
  const bidder = new Bidder('fixed', { rule: 'fixed', cpm: 2 }, 'asap', [campaign], new Array<number>(24).fill(1));
  const users = new Map(Array.from({ length: 100 }, (_, i) => [`u${i}`, profile(i)]));
  return new LiveEngine({ bidder, store: { get: (ifa) => users.get(ifa) }, ...options });
}

describe('LiveEngine', () => {
  it('books won bids against the daily budget until it is spent, and starts again the next day', () => {
    const e = engine();
    let wins = 0;
    for (let i = 0; i < 20; i++) {
      const d = e.decide(request(`u${i}`), 3600);
      if (!d.bid) {
        expect(d.cause).toBe('budget');
        break;
      }
      expect(e.win(e.offer(d), 2, 3600)).toBe('booked');
      wins++;
    }
    expect(wins).toBe(5);
    expect(e.decide(request('u50'), 3600 + 60).cause).toBe('budget');
    expect(e.decide(request('u50'), 86_400 + 3600).bid).toBe(true);
  });

  it('books spend only from notices: bids never won cost nothing', () => {
    const e = engine();
    for (let i = 0; i < 50; i++) {
      const d = e.decide(request(`u${i}`), 3600);
      expect(d.bid).toBe(true);
      e.offer(d);
    }
  });

  it('books a bid once, whether the win or the billing notice comes first', () => {
    const e = engine();
    const a = e.offer(e.decide(request('u1'), 10));
    expect(e.win(a, 1.5, 11)).toBe('booked');
    expect(e.win(a, 1.5, 11)).toBe('duplicate');
    expect(e.bill(a, 1.5, 12)).toBe('billed');
    expect(e.bill(a, 1.5, 12)).toBe('duplicate');
    const b = e.offer(e.decide(request('u2'), 10));
    expect(e.bill(b, 1.5, 12)).toBe('booked');
    expect(e.win(b, 1.5, 12)).toBe('duplicate');
    // $0.003 spent of $0.01: bidding goes on while spend is under the budget, so four more $0.002 wins.
    let more = 0;
    while (e.decide(request(`u${10 + more}`), 20).bid) { e.win(e.offer(e.decide(request(`u${10 + more}`), 20)), 2, 20); more++; }
    expect(more).toBe(4);
  });

  it('refuses notices for bids it never offered, forgot, or at a price above the bid', () => {
    const e = engine({ ledgerSize: 4 });
    expect(e.win(0, 1, 0)).toBe('unknown');
    const ids = Array.from({ length: 5 }, (_, i) => e.offer(e.decide(request(`u${i}`), 10)));
    expect(ids).toEqual([0, 1, 2, 3, 4]);
    expect(e.win(ids[0]!, 1, 11)).toBe('unknown');
    expect(e.win(ids[1]!, 2.01, 11)).toBe('bad-price');
    expect(e.win(ids[1]!, -1, 11)).toBe('bad-price');
    expect(e.win(ids[1]!, 2, 11)).toBe('booked');
    expect(e.win(99, 1, 11)).toBe('unknown');
    expect(e.win(1.5, 1, 11)).toBe('unknown');
  });

  it('asks the model only for requests that reach pricing', () => {
    let asked = 0;
    const bidder = new Bidder('m', { rule: 'expected-value', margin: 0.1, shading: 1, maxCpm: 30 }, 'asap', [campaign], new Array<number>(24).fill(1));
    const users = new Map([['u1', profile(1)]]);
    const e = new LiveEngine({ bidder, store: { get: (ifa) => users.get(ifa) }, scorer: { predictOne: () => { asked++; return 0.01; } } });
    expect(e.decide(request('nobody'), 10).cause).toBe('unmatched-user');
    expect(asked).toBe(0);
    const d = e.decide(request('u1'), 10);
    expect(asked).toBe(1);
    expect(d.bid).toBe(true);
    expect(d.cpm).toBeCloseTo(1000 * 0.01 * 2 * 0.9, 10);
  });
});
