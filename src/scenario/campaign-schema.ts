import { z } from 'zod';
import { distributionSchema } from './distribution-schema.js';
import { adFormatSchema, appCategorySchema, countryCodeSchema, osSchema, slugSchema } from './scenario-enums.js';

const appSchema = z
  .strictObject({
    bundle: z
      .string()
      .min(1)
      .describe(
        'The advertised app as OpenRTB app.bundle names it: the package name on Android (com.example.shop), the numeric App Store id on iOS (1234567890).',
      ),
    name: z.string().min(1).optional().describe('Display name for reports; defaults to the bundle.'),
    category: appCategorySchema.describe('Store category of the advertised app (feature group 3).'),
    platform: osSchema.describe('The one platform this campaign buys; retargeting an app on both platforms takes two campaigns.'),
  })
  .describe('The app whose lapsed users the campaign buys impressions to bring back.');

const targetingSchema = z
  .strictObject({
    countries: z
      .array(countryCodeSchema)
      .min(1)
      .optional()
      .describe("Countries to bid in (ISO 3166-1 alpha-3); each must be one of world.countries. Default: all the world's countries."),
    appCategories: z
      .array(appCategorySchema)
      .min(1)
      .optional()
      .describe('Publisher app categories to bid on, e.g. [games] for games-only inventory. Default: all.'),
    formats: z.array(adFormatSchema).min(1).optional().describe('Impression formats to bid on. Default: all.'),
    lapsedDays: z
      .strictObject({
        min: z.int().min(0).max(3650).default(7).describe('Default 7: users active this week would come back anyway.'),
        max: z.int().min(0).max(3650).default(90).describe('Default 90.'),
      })
      .refine((d) => d.max >= d.min, { message: 'expected max >= min', path: ['max'] })
      .prefault({})
      .describe('Bid only on users whose last open of the app was between min and max days ago (inclusive).'),
  })
  .describe('Which requests the campaign bids on; requests outside it are not opportunities for this campaign.');

const frequencyCapSchema = z
  .strictObject({
    impressions: z.int().min(1).max(1000).default(3).describe('Most impressions one user sees from this campaign per window. Default 3.'),
    perHours: z.int().min(1).max(720).default(24).describe('Length of the rolling window in hours. Default 24.'),
  })
  .describe('Frequency cap per user.');

export const campaignSchema = z
  .strictObject({
    id: slugSchema.describe("Unique campaign id, used in reports and file names, e.g. 'shop-reengage'."),
    app: appSchema,
    audienceShare: z
      .number()
      .gt(0)
      .max(1)
      .default(0.2)
      .describe("Share of the world's users on the app's platform who have the app installed: the advertiser's retargeting list. Default 0.2."),
    goal: z
      .enum(['re-engagement', 'purchase'])
      .describe("What counts as a conversion: 're-engagement' (the user opens the app again) or 'purchase' (an in-app purchase after it)."),
    valuePerConversion: z
      .number()
      .positive()
      .max(100_000)
      .optional()
      .describe("USD the advertiser assigns to one re-engaged user; required when goal is 're-engagement'."),
    purchaseValue: distributionSchema
      .optional()
      .describe("USD revenue of one in-app purchase, e.g. {dist: lognormal, median: 9.99, sigma: 0.8}; required when goal is 'purchase'."),
    dailyBudget: z.number().positive().max(100_000_000).describe('USD the campaign may spend per simulated day.'),
    roiTarget: z
      .number()
      .positive()
      .max(100)
      .default(1)
      .describe('Target return on ad spend, attributed value ÷ spend: bids are priced so that expected value ÷ price reaches it. Default 1.'),
    targeting: targetingSchema.prefault({}),
    frequencyCap: frequencyCapSchema.prefault({}),
  })
  .describe('One retargeting campaign: an app, its audience, what a conversion is worth, its budget and targeting.');

export type CampaignConfig = z.output<typeof campaignSchema>;
