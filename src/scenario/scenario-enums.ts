import { z } from 'zod';
import { COUNTRY_CODES } from '../domain/iso-countries.js';

/** App store categories, used both for the advertised apps and for the publisher apps that sell inventory. */
export const appCategorySchema = z
  .enum([
    'games',
    'social',
    'entertainment',
    'utilities',
    'music',
    'news',
    'shopping',
    'photo-video',
    'lifestyle',
    'health-fitness',
    'travel',
    'finance',
    'food-drink',
    'education',
    'productivity',
    'sports',
    'navigation',
    'business',
    'books',
    'weather',
    'dating',
  ])
  .meta({ id: 'AppCategory', description: 'An app store category.' });

export const osSchema = z
  .enum(['android', 'ios'])
  .meta({ id: 'Os', description: 'Device operating system (OpenRTB device.os).' });

/**
 * Impression formats as OpenRTB 2.6 expresses them: `banner` (imp.banner), `interstitial`
 * (imp.instl = 1, full-screen banner or video), `rewarded-video` (imp.video with imp.rwdd = 1),
 * `native` (imp.native).
 */
export const adFormatSchema = z
  .enum(['banner', 'interstitial', 'rewarded-video', 'native'])
  .meta({
    id: 'AdFormat',
    description:
      'Impression format: banner (imp.banner), interstitial (imp.instl = 1), rewarded-video (imp.video with imp.rwdd = 1), native (imp.native).',
  });

export const measurementPartnerSchema = z
  .enum(['adjust', 'appsflyer', 'kochava', 'singular'])
  .meta({ id: 'MeasurementPartner', description: 'Mobile measurement partner (MMP) that attributes conversions and sends postbacks.' });

export const countryCodeSchema = z
  .enum(COUNTRY_CODES, { error: 'expected an ISO 3166-1 alpha-3 country code such as USA, GBR or DEU' })
  .meta({ id: 'Country', description: 'ISO 3166-1 alpha-3 country code (OpenRTB device.geo.country), e.g. USA, GBR, DEU.' });

/** Lower-case names with dashes: ids, policy and bidder names that end up in file names and reports. */
export const slugSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, { error: "expected a lower-case name of letters, digits and '-' such as 'shop-reengage'" });

export type AppCategory = z.output<typeof appCategorySchema>;
export type Os = z.output<typeof osSchema>;
export type AdFormat = z.output<typeof adFormatSchema>;
export type MeasurementPartner = z.output<typeof measurementPartnerSchema>;
