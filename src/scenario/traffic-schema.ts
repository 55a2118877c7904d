import { z } from 'zod';
import { adFormatSchema } from './scenario-enums.js';
import { weightsSchema } from './weights-schema.js';

/**
 * Named hourly shapes of in-app ad requests, hour 0 to 23 in each user's local time. `mobile` is
 * the usual smartphone curve (trough at 4 am, rising through the day, peak at 8-9 pm); `evening`
 * is a games-like curve with a sharper evening peak.
 */
export const DAILY_PATTERNS = {
  flat: Array.from({ length: 24 }, () => 1),
  mobile: [3, 2, 1.4, 1.1, 1, 1.3, 2.2, 3.3, 4, 4.3, 4.5, 4.7, 5, 4.9, 4.8, 4.9, 5.1, 5.4, 5.8, 6.2, 6.6, 6.5, 5.6, 4.3],
  evening: [3.5, 2.2, 1.4, 1, 0.9, 1.1, 1.8, 2.6, 3, 3.2, 3.4, 3.7, 4.2, 4.1, 4, 4.2, 4.6, 5.3, 6.2, 7.2, 8, 8.1, 7, 5.3],
} as const satisfies Record<string, readonly number[]>;

/** Named weekly shapes, Monday to Sunday. */
export const WEEKLY_PATTERNS = {
  flat: [1, 1, 1, 1, 1, 1, 1],
  'weekend-peak': [0.95, 0.95, 0.96, 0.98, 1.02, 1.08, 1.06],
} as const satisfies Record<string, readonly number[]>;

type PatternName<P> = keyof P & string;

function patternSchema<P extends Record<string, readonly number[]>>(patterns: P, length: number, unit: string) {
  const names = Object.keys(patterns) as [PatternName<P>, ...PatternName<P>[]];
  const weights = z
    .array(z.number().min(0))
    .length(length)
    .refine((w) => w.some((x) => x > 0), { message: 'expected at least one weight above 0' });
  return z
    .union([z.enum(names), weights], {
      error: `expected one of ${names.map((n) => `'${n}'`).join(' | ')} or a list of ${length} ${unit} weights`,
    })
    .transform((value): readonly number[] => (typeof value === 'string' ? patterns[value] : value));
}

export const trafficSchema = z
  .strictObject({
    startDate: z.iso
      .date({ error: 'expected an ISO date such as 2025-03-03' })
      .default('2025-03-03')
      .describe('First simulated day (YYYY-MM-DD), used for labels and the weekly pattern. Default 2025-03-03, a Monday.'),
    days: z.int().min(1).max(366).default(1).describe('Simulated days of traffic. Default 1.'),
    requestsPerDay: z
      .int()
      .min(1)
      .max(1_000_000_000)
      .describe('Ad requests (auction opportunities) per simulated day, before the daily and weekly patterns.'),
    dailyPattern: patternSchema(DAILY_PATTERNS, 24, 'hourly')
      .prefault('mobile')
      .describe("Hourly shape of requests in the user's local time: 'flat', 'mobile' (default) or 'evening', or 24 weights for hours 0-23."),
    weeklyPattern: patternSchema(WEEKLY_PATTERNS, 7, 'daily')
      .prefault('flat')
      .describe("Shape of requests over the week: 'flat' (default), 'weekend-peak', or 7 weights Monday to Sunday."),
    formats: weightsSchema(adFormatSchema)
      .default({ banner: 55, interstitial: 25, 'rewarded-video': 12, native: 8 })
      .describe('Weights of impression formats. Default banner 55, interstitial 25, rewarded-video 12, native 8.'),
    bannerSizes: weightsSchema(z.string().regex(/^[1-9][0-9]{1,3}x[1-9][0-9]{1,3}$/, { error: 'expected a banner size WIDTHxHEIGHT such as 320x50' }))
      .default({ '320x50': 80, '300x250': 15, '728x90': 5 })
      .describe('Weights of banner sizes (imp.banner.w x h) for banner impressions. Default 320x50: 80, 300x250: 15, 728x90: 5.'),
    ifaShare: z
      .strictObject({
        android: z.number().min(0).max(1).default(0.93).describe('Default 0.93 (users who limit ad tracking send no GAID).'),
        ios: z.number().min(0).max(1).default(0.25).describe('Default 0.25 (App Tracking Transparency opt-in).'),
      })
      .prefault({})
      .describe('Share of requests carrying an advertising id (device.ifa) by OS; without one a request cannot be matched to a retargeting audience.'),
    tmaxMs: z.int().min(10).max(5000).default(200).describe('Time the exchange allows for a bid response, OpenRTB tmax in milliseconds. Default 200.'),
  })
  .describe('The stream of ad requests: how many, when, and what they look like.');

export type TrafficConfig = z.output<typeof trafficSchema>;
