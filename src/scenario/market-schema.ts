import { z } from 'zod';
import { distributionSchema } from './distribution-schema.js';
import { countryCodeSchema, slugSchema } from './scenario-enums.js';

const probability = z.number().min(0).max(1);

const bidderFields = {
  name: slugSchema.describe("Name of this group of bidders in reports, e.g. 'big-retargeters'."),
  count: z.int().min(1).max(1000).default(1).describe('Independent bidders of this kind, each with its own draws. Default 1.'),
  participation: probability
    .default(0.5)
    .describe('Probability that each bidder bids on a given request (no interest, no matching user, or a timeout otherwise). Default 0.5.'),
};

const valueFields = {
  value: distributionSchema.describe('What an impression is worth to the bidder, CPM in USD.'),
  valueCorrelation: probability
    .default(0.3)
    .describe("Correlation of the bidder's value with the user's true response: rival retargeters want the same users. Default 0.3."),
};

export const competitorSchema = z
  .discriminatedUnion('kind', [
    z
      .strictObject({ kind: z.literal('truthful').describe('Bids its value.'), ...bidderFields, ...valueFields })
      .describe('Bids its value: the dominant strategy in a second-price auction.'),
    z
      .strictObject({
        kind: z.literal('shading').describe('Bids a fraction of its value.'),
        ...bidderFields,
        ...valueFields,
        shading: z.number().gt(0).max(1).describe('Bids value × shading; first-price bidders typically shade to 0.6-0.85.'),
      })
      .describe('Bids a fixed fraction of its value, as first-price bidders do.'),
    z
      .strictObject({
        kind: z.literal('budget-limited').describe('Bids until its daily budget is spent.'),
        ...bidderFields,
        ...valueFields,
        dailyBudget: z.number().positive().describe('USD each bidder of the group may spend per simulated day; it stops bidding when spent.'),
        shading: z.number().gt(0).max(1).default(1).describe('Bids value × shading. Default 1 (truthful).'),
      })
      .describe('Bids like a truthful or shading bidder until its daily budget is spent.'),
    z
      .strictObject({
        kind: z.literal('noise').describe('Bids at random.'),
        ...bidderFields,
        bid: distributionSchema.describe('CPM bid in USD, drawn per request regardless of the user.'),
      })
      .describe('Bids at random, unrelated to the user: brand and untargeted demand.'),
  ])
  .meta({
    id: 'Competitor',
    description: "A group of competing bidders, by 'kind': truthful, shading, budget-limited or noise.",
  });

const floorsSchema = z
  .strictObject({
    share: probability.default(0.7).describe('Share of requests that carry a floor (imp.bidfloor). Default 0.7.'),
    cpm: distributionSchema
      .default({ dist: 'lognormal', median: 0.5, sigma: 0.8 })
      .describe('Floor for a banner in a country with multiplier 1, CPM in USD. Default lognormal, median 0.5, sigma 0.8.'),
    formatMultipliers: z
      .strictObject({
        banner: z.number().positive().default(1).describe('Default 1.'),
        interstitial: z.number().positive().default(4).describe('Default 4.'),
        'rewarded-video': z.number().positive().default(8).describe('Default 8.'),
        native: z.number().positive().default(1.5).describe('Default 1.5.'),
      })
      .prefault({})
      .describe('Floors multiply by format: full-screen and rewarded video sell far above banners.'),
    countryMultipliers: z
      .partialRecord(countryCodeSchema, z.number().positive())
      .default({ USA: 1.6, JPN: 1.4, GBR: 1.3, DEU: 1.3, CAN: 1.3, KOR: 1.2, FRA: 1.1, BRA: 0.5, MEX: 0.5, TUR: 0.4, IND: 0.3, IDN: 0.3 })
      .describe('Floors multiply by the user\'s country; countries left out use 1. Default: tier-1 markets above 1, emerging markets below.'),
  })
  .describe('Floor prices set by the publishers and the exchange.');

export const marketSchema = z
  .strictObject({
    auction: z
      .enum(['first-price', 'second-price'])
      .default('first-price')
      .describe("Auction rule (OpenRTB at): 'first-price' (the winner pays its bid; default, as most exchanges since 2019) or 'second-price'."),
    secondPriceIncrementCpm: z
      .number()
      .min(0)
      .max(10)
      .default(0.01)
      .describe('In a second-price auction the winner pays the larger of the second bid and the floor, plus this (CPM, USD). Default 0.01.'),
    floors: floorsSchema.prefault({}),
    competitors: z
      .array(competitorSchema)
      .default([
        { kind: 'truthful', name: 'retargeters', count: 3, participation: 0.3, value: { dist: 'lognormal', median: 1.5, sigma: 0.9 }, valueCorrelation: 0.5 },
        { kind: 'shading', name: 'performance-dsps', count: 6, participation: 0.5, value: { dist: 'lognormal', median: 1, sigma: 0.8 }, valueCorrelation: 0.3, shading: 0.75 },
        { kind: 'noise', name: 'brand-demand', count: 3, participation: 0.2, bid: { dist: 'lognormal', median: 0.4, sigma: 1 } },
      ])
      .describe('The populations of rival bidders. Default: 3 retargeters, 6 shading performance DSPs, 3 brand (noise) bidders.'),
  })
  .describe('The exchange: auction rule, floors, and the competing bidders.');

export type CompetitorConfig = z.output<typeof competitorSchema>;
export type MarketConfig = z.output<typeof marketSchema>;
