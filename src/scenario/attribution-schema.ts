import { z } from 'zod';
import { distributionSchema } from './distribution-schema.js';
import { measurementPartnerSchema } from './scenario-enums.js';

const delaysSchema = z
  .strictObject({
    clickToReengageSeconds: distributionSchema
      .default({ dist: 'lognormal', median: 20, sigma: 1.2 })
      .describe('From a click to the app opening through the deep link. Default lognormal, median 20 s, sigma 1.2.'),
    viewToReengageSeconds: distributionSchema
      .default({ dist: 'exponential', mean: 21_600 })
      .describe('From an impression to a view-through app open. Default exponential, mean 6 hours.'),
    reengageToPurchaseSeconds: distributionSchema
      .default({ dist: 'lognormal', median: 3_600, sigma: 1.8 })
      .describe('From the re-engagement to an in-app purchase. Default lognormal, median 1 hour, sigma 1.8.'),
    postbackSeconds: distributionSchema
      .default({ dist: 'lognormal', median: 60, sigma: 1 })
      .describe('From a conversion to the postback the measurement partner sends the bidder. Default lognormal, median 60 s, sigma 1.'),
  })
  .describe('Delays between the events of one conversion, in simulated seconds.');

const partnersSchema = z
  .strictObject({
    default: measurementPartnerSchema.default('appsflyer').describe('Partner of apps not listed in byApp. Default appsflyer.'),
    byApp: z
      .record(z.string().min(1), measurementPartnerSchema)
      .default({})
      .describe('Partner per advertised app, keyed by the campaign app bundle, e.g. {com.example.shop: adjust}.'),
  })
  .describe('Which mobile measurement partner attributes each app.');

export const attributionSchema = z
  .strictObject({
    clickWindowDays: z.int().min(1).max(30).default(7).describe('A conversion up to this many days after a click is attributed to it. Default 7.'),
    viewWindowHours: z
      .int()
      .min(0)
      .max(168)
      .default(24)
      .describe('A conversion up to this many hours after an impression without a click is attributed view-through; 0 turns view-through off. Default 24.'),
    delays: delaysSchema.prefault({}),
    partners: partnersSchema.prefault({}),
  })
  .describe('How conversions are attributed to impressions and reported back.');

export type AttributionConfig = z.output<typeof attributionSchema>;
