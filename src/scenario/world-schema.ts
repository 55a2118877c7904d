import { z } from 'zod';
import { distributionSchema } from './distribution-schema.js';
import { appCategorySchema, countryCodeSchema, osSchema } from './scenario-enums.js';
import { weightsSchema } from './weights-schema.js';

const probability = z.number().min(0).max(1);

// In-app ad supply is dominated by games, then media and utility apps.
const DEFAULT_APP_CATEGORIES = {
  games: 45, social: 7, entertainment: 9, utilities: 8, music: 5, news: 4, 'photo-video': 4, lifestyle: 4,
  shopping: 3, education: 2, productivity: 2, sports: 2, weather: 2, 'health-fitness': 1, travel: 1,
  finance: 1, 'food-drink': 1,
};

const DEFAULT_COUNTRIES = {
  USA: 30, BRA: 10, IND: 10, DEU: 6, GBR: 6, JPN: 6, FRA: 5, MEX: 5, IDN: 5, KOR: 4, CAN: 4, TUR: 3, ESP: 3, ITA: 3,
};

const appsSchema = z
  .strictObject({
    count: z.int().min(1).max(1_000_000).default(2000).describe('Publisher apps that sell inventory (OpenRTB app objects). Default 2000.'),
    categories: weightsSchema(appCategorySchema)
      .default(DEFAULT_APP_CATEGORIES)
      .describe('Weights of publisher app categories (feature group 3). Default: games 45%, then media and utilities.'),
    popularityExponent: z
      .number()
      .min(0)
      .max(3)
      .default(1.1)
      .describe("Zipf exponent of traffic across publisher apps: 0 spreads requests evenly, 1.1 (default) gives the usual few big apps and a long tail."),
  })
  .describe('The publisher apps whose ad slots are auctioned.');

const behaviourSchema = z
  .strictObject({
    activityShape: z
      .number()
      .positive()
      .max(100)
      .default(0.8)
      .describe(
        "Gamma shape of each user's request rate (feature group 1, activity in the last month): 1 is exponential, below 1 a few heavy users dominate. Default 0.8.",
      ),
    appOpensPerWeek: distributionSchema
      .default({ dist: 'lognormal', median: 1.5, sigma: 1 })
      .describe("How often a user opened the advertised app per week over the last month (feature group 2). Default lognormal, median 1.5, sigma 1."),
    recentInstalls: distributionSchema
      .default({ dist: 'lognormal', median: 4, sigma: 0.7 })
      .describe('Apps a user installed in the last 90 days (feature group 4). Default lognormal, median 4, sigma 0.7.'),
    lapsedDays: distributionSchema
      .default({ dist: 'exponential', mean: 30 })
      .describe('Days since the user last opened the advertised app (feature group 5). Default exponential, mean 30.'),
    payerShare: probability
      .default(0.06)
      .describe('Share of app users who have ever made an in-app purchase. Default 0.06.'),
    daysSinceLastPurchase: distributionSchema
      .default({ dist: 'exponential', mean: 45 })
      .describe('For payers, days since their last purchase (feature group 5). Default exponential, mean 45.'),
  })
  .describe('How users behave; each knob drives one of the five feature groups of the case study.');

const responseSchema = z
  .strictObject({
    ctr: z
      .strictObject({
        banner: probability.default(0.004).describe('Default 0.004.'),
        interstitial: probability.default(0.015).describe('Default 0.015.'),
        'rewarded-video': probability.default(0.02).describe('Default 0.02.'),
        native: probability.default(0.008).describe('Default 0.008.'),
      })
      .prefault({})
      .describe('Average click-through rate by format, before user and app effects.'),
    reengageAfterClick: probability
      .default(0.3)
      .describe('Probability that a click opens the app through its deep link (a re-engagement). Default 0.3.'),
    viewThroughRate: probability
      .default(0.0003)
      .describe('Probability that an impression not clicked is followed by an app open inside the view-through window. Default 0.0003.'),
    purchaseAfterReengage: probability
      .default(0.05)
      .describe('Probability that a re-engaged user purchases inside the click window; payers are several times likelier. Default 0.05.'),
    signal: z
      .number()
      .min(0)
      .max(1)
      .default(0.7)
      .describe(
        'How much of the true response is explained by the five feature groups: 0 is pure noise (no model beats bidding on everything), 1 is fully predictable. Default 0.7.',
      ),
  })
  .describe('The true response model of the synthetic world: what the oracle knows and the models try to learn.');

export const worldSchema = z
  .strictObject({
    users: z
      .int()
      .min(1)
      .max(100_000_000)
      .describe('Distinct devices (advertising ids) that send ad requests; campaign audiences are drawn from them.'),
    apps: appsSchema.prefault({}),
    countries: weightsSchema(countryCodeSchema)
      .default(DEFAULT_COUNTRIES)
      .describe('Weights of user countries by ISO 3166-1 alpha-3 code (feature group 3). Default: a global mix led by USA, BRA, IND.'),
    os: weightsSchema(osSchema).default({ android: 72, ios: 28 }).describe('Weights of device OS. Default android 72, ios 28.'),
    behaviour: behaviourSchema.prefault({}),
    response: responseSchema.prefault({}),
  })
  .describe('The synthetic world: users, publisher apps, countries, devices and how users respond to ads.');

export type WorldConfig = z.output<typeof worldSchema>;
