import { z } from 'zod';

/**
 * Bounds on one request: a real mobile request has one imp and a few categories; these refuse the
 * huge arrays of a broken producer before a replay spends time on them.
 */
export const OPENRTB_LIMITS = { imps: 64, strings: 256, longStrings: 65_536, list: 256 } as const;

const str = z.string().max(OPENRTB_LIMITS.strings);
const longStr = z.string().max(OPENRTB_LIMITS.longStrings);
const id = z.string().min(1).max(OPENRTB_LIMITS.strings);
const flag = z.literal([0, 1]);
const cpm = z.number().min(0).max(1_000_000);
const strList = z.array(str).max(OPENRTB_LIMITS.list);
const int = z.number().int();
/** Objects bidlab does not read but an exchange may send in any shape (ext, video, schain, …). */
const opaqueObject = z.record(z.string(), z.unknown());

const size = z.looseObject({ w: int.min(0), h: int.min(0) });

const imp = z.looseObject({
  id,
  banner: z.looseObject({ w: int.min(0).optional(), h: int.min(0).optional(), format: z.array(size).max(OPENRTB_LIMITS.list).optional() }).optional(),
  video: opaqueObject.optional(),
  native: opaqueObject.optional(),
  instl: flag.optional(),
  tagid: str.optional(),
  bidfloor: cpm.optional(),
  bidfloorcur: str.optional(),
  rwdd: flag.optional(),
  secure: flag.optional(),
});

const geo = z.looseObject({
  country: str.optional(),
  region: str.optional(),
  city: str.optional(),
  lat: z.number().min(-90).max(90).optional(),
  lon: z.number().min(-180).max(180).optional(),
  type: int.optional(),
  utcoffset: int.optional(),
});

const device = z.looseObject({
  ifa: str.optional(),
  lmt: flag.optional(),
  ua: longStr.optional(),
  ip: str.optional(),
  os: str.optional(),
  osv: str.optional(),
  make: str.optional(),
  model: str.optional(),
  devicetype: int.optional(),
  connectiontype: int.optional(),
  geo: geo.optional(),
});

const app = z.looseObject({
  id: str.optional(),
  bundle: str.optional(),
  name: str.optional(),
  storeurl: longStr.optional(),
  cat: strList.optional(),
  ver: str.optional(),
  publisher: z.looseObject({ id: str.optional(), name: str.optional() }).optional(),
});

/**
 * The OpenRTB 2.6 request fields bidlab reads, checked for type and size (the shape of
 * `BidRequest` in openrtb.ts); every other field passes through untouched, since an exchange's
 * extensions are its own business.
 */
export const openRtbRequestSchema = z.looseObject({
  id,
  imp: z.array(imp).min(1).max(OPENRTB_LIMITS.imps),
  app: app.optional(),
  device: device.optional(),
  user: z.looseObject({ id: str.optional(), buyeruid: str.optional(), consent: longStr.optional() }).optional(),
  at: z.literal([1, 2]).optional(),
  tmax: int.min(1).max(60_000).optional(),
  cur: strList.optional(),
  bcat: strList.optional(),
  badv: strList.optional(),
  bapp: strList.optional(),
  regs: z.looseObject({ coppa: flag.optional(), gdpr: flag.optional(), us_privacy: str.optional(), gpp: longStr.optional() }).optional(),
  source: z.looseObject({ tid: str.optional(), schain: opaqueObject.optional(), ext: opaqueObject.optional() }).optional(),
});
