import { z } from 'zod';
import { comparisonStatisticsFields } from '../metrics/gate-schema.js';
import { slugSchema } from './scenario-enums.js';

const maxCpm = z.number().positive().max(1000).default(30).describe('Never bid above this CPM (USD). Default 30.');

const expectedValuePricing = z
  .strictObject({
    rule: z.literal('expected-value').describe('Price by the predicted value of the impression.'),
    margin: z.number().min(0).lt(1).default(0.1).describe('Share of the expected value kept back as margin. Default 0.1.'),
    shading: z
      .number()
      .gt(0)
      .max(1)
      .default(1)
      .describe('Multiplies the bid; below 1 shades it for first-price auctions (e.g. 0.8). Default 1.'),
    maxCpm,
    bidGrid: z
      .array(z.number().positive().max(1000))
      .min(1)
      .max(100)
      .refine((g) => g.every((p, i) => i === 0 || p > g[i - 1]!), 'grid prices must increase')
      .optional()
      .describe('Bid only these CPMs: the price snaps to the nearest (a price bucket). A replay\'s off-policy estimates need the policy on the logger\'s grid.'),
  })
  .describe(
    'Bid CPM = 1000 × P(conversion | impression) × value per conversion ÷ roiTarget × (1 − margin) × shading, capped at maxCpm; no bid when that is below the floor.',
  );

const fixedPricing = z
  .strictObject({
    rule: z.literal('fixed').describe('The same CPM everywhere.'),
    cpm: z.number().positive().max(1000).describe('The CPM (USD) bid on every request the policy bids on.'),
  })
  .describe('The same CPM on every request; no bid where the floor is above it.');

const floorPlusPricing = z
  .strictObject({
    rule: z.literal('floor-plus').describe('Just above the floor.'),
    incrementCpm: z.number().min(0).max(100).default(0.05).describe('Bid the floor plus this (CPM, USD); with no floor, bid this. Default 0.05.'),
    maxCpm,
  })
  .describe('The floor plus an increment, up to maxCpm.');

const pricingMeta = {
  id: 'Pricing',
  description: "How a bid price is set, by 'rule': expected-value {margin, shading, maxCpm}, fixed {cpm} or floor-plus {incrementCpm, maxCpm}.",
};

export const pricingSchema = z.discriminatedUnion('rule', [expectedValuePricing, fixedPricing, floorPlusPricing]).meta(pricingMeta);

const blindPricingSchema = z.discriminatedUnion('rule', [fixedPricing, floorPlusPricing]).meta({
  id: 'BlindPricing',
  description: "A price that needs no prediction, by 'rule': fixed {cpm} or floor-plus {incrementCpm, maxCpm}.",
});

const policyFields = {
  name: slugSchema.describe("Unique policy name, used in reports, e.g. 'champion'."),
  pacing: z
    .strictObject({
      mode: z
        .enum(['even', 'asap'])
        .default('even')
        .describe("'even' (default) spreads each day's budget over the day in step with traffic; 'asap' bids until the budget is spent."),
    })
    .prefault({})
    .describe('How the daily budget is spent over the day.'),
  split: z
    .number()
    .min(0)
    .default(1)
    .describe("Weight of the policy's share of users (and of the campaigns' budgets) when comparison.mode is 'split'; ignored in 'worlds'. Default 1."),
};

const modelPath = z.string().min(1);

export const policySchema = z
  .discriminatedUnion('kind', [
    z
      .strictObject({
        kind: z.literal('model').describe('Bids with a LightGBM model.'),
        ...policyFields,
        model: modelPath.describe('LightGBM model.txt predicting P(conversion | impression), relative to this scenario file.'),
        pricing: pricingSchema.prefault({ rule: 'expected-value' }).describe('How bids are priced. Default {rule: expected-value} with its defaults.'),
      })
      .describe('Bids with a LightGBM model.'),
    z
      .strictObject({
        kind: z.literal('oracle').describe('Knows the true response probabilities (synthetic worlds only).'),
        ...policyFields,
        pricing: pricingSchema.prefault({ rule: 'expected-value' }).describe('How bids are priced. Default {rule: expected-value} with its defaults.'),
      })
      .describe('Bids with the true response probabilities of the synthetic world: the upper bound.'),
    z
      .strictObject({
        kind: z.literal('bid-everything').describe('Bids on every targeted request.'),
        ...policyFields,
        pricing: blindPricingSchema.describe('Its price: fixed or floor-plus.'),
      })
      .describe('Bids on every request the campaign targets: the baseline that savings are measured against.'),
  ])
  .meta({ id: 'Policy', description: "An engine configuration to run, by 'kind': model, oracle or bid-everything." });

export const comparisonSchema = z
  .strictObject({
    mode: z
      .enum(['worlds', 'split', 'parallel'])
      .default('worlds')
      // 'parallel' was this mode's first name; files that say it keep working.
      .transform((m) => (m === 'parallel' ? 'worlds' : m))
      .describe(
        "'worlds' (default): every policy sees every request with its own budget (parallel worlds; 'parallel' is accepted as another name for it); 'split': the champion's and the challenger's users are divided between them by their split weights, as in an A/B rollout, with the budgets divided alike, while reference policies (baseline, oracle) still see every request.",
      ),
    baseline: slugSchema
      .optional()
      .describe('Policy that savings are measured against. Default: the first bid-everything policy, if any.'),
    champion: slugSchema
      .optional()
      .describe('Policy the others are judged against for a go/no-go verdict. Default: the first model policy.'),
    challenger: slugSchema
      .optional()
      .describe("Policy that would replace the champion (`bidlab compare`). Default: the policy named 'challenger', else the first model policy other than the champion."),
    ...comparisonStatisticsFields,
  })
  .describe('How the policies are compared.');

export type PricingConfig = z.output<typeof pricingSchema>;
export type PolicyConfig = z.output<typeof policySchema>;
export type ComparisonConfig = z.output<typeof comparisonSchema>;
