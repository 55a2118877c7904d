import type { Opportunity, OpportunityTruth } from '../../src/domain/index.js';
import { attributionSchema } from '../../src/scenario/attribution-schema.js';
import { campaignSchema } from '../../src/scenario/campaign-schema.js';
import type { AttributionConfig, CampaignConfig } from '../../src/scenario/index.js';

export function attributionConfig(input: Record<string, unknown> = {}): AttributionConfig {
  return attributionSchema.parse(input);
}

export function purchaseCampaign(overrides: Record<string, unknown> = {}): CampaignConfig {
  return campaignSchema.parse({
    id: 'shop-purchase',
    app: { bundle: 'com.example.shop', category: 'shopping', platform: 'android' },
    goal: 'purchase',
    purchaseValue: { dist: 'lognormal', median: 9.99, sigma: 0.8 },
    dailyBudget: 1000,
    ...overrides,
  });
}

export function reengageCampaign(overrides: Record<string, unknown> = {}): CampaignConfig {
  return campaignSchema.parse({
    id: 'game-reengage',
    app: { bundle: '1234567890', category: 'games', platform: 'ios' },
    goal: 're-engagement',
    valuePerConversion: 2.5,
    dailyBudget: 1000,
    ...overrides,
  });
}

export function truth(overrides: Partial<OpportunityTruth> = {}): OpportunityTruth {
  return {
    userIndex: 7,
    campaignIndex: 0,
    pClick: 0.1,
    pReengageGivenClick: 0.5,
    pViewThrough: 0.05,
    pPurchaseGivenReengage: 0.3,
    expectedPurchaseValue: 12,
    ...overrides,
  };
}

export function opportunity(id: number, time: number, os = 'android', ifa = `ifa-${id}`): Opportunity {
  return { id, time, request: { id: `req-${id}`, imp: [{ id: '1' }], device: { os, ifa } } };
}
