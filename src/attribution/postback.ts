import type { MeasurementPartner } from '../scenario/index.js';

/** A conversion a measurement partner reports. 'install' comes from recorded logs; the synthetic world's audience already has the app. */
export type ConversionKind = 'install' | 'reengagement' | 'purchase';

/** What a partner knows about one attributed conversion when it builds its postback. */
export interface PostbackInput {
  partner: MeasurementPartner;
  kind: ConversionKind;
  /** Unique per conversion within one policy's run; the dedupe key. */
  eventId: string;
  /** OpenRTB device.os: 'ios' sends the IDFA, anything else the Google advertising id. */
  os: string | undefined;
  /** OpenRTB device.ifa; '' when the request had none (limited ad tracking). */
  ifa: string | undefined;
  attributed: 'click' | 'view';
  /** The network's click id (passed through the tracking link); used only for click-through. */
  clickId: string;
  /** Simulated seconds of the impression, the click (NaN without one) and the conversion. */
  impressionTime: number;
  clickTime: number;
  eventTime: number;
  /** USD revenue of a purchase; ignored for installs and re-engagements, which carry none. */
  revenue: number;
  /** ISO-4217 code of the revenue. */
  currency: string;
}

/** A postback as the partner sends it: GET query-string parameters with the partner's own names. */
export interface Postback {
  partner: MeasurementPartner;
  eventId: string;
  /** Simulated seconds at which the bidder receives it (the conversion plus the postback delay). */
  receivedAt: number;
  params: Record<string, string>;
}

/**
 * Builds the postback `input.partner` would send for an attributed conversion, with the field
 * names of notes/formats.md "Measurement partners": timestamps are unix seconds (simulated
 * seconds + `epochSeconds`, the scenario start), revenue a decimal string with two places plus an
 * ISO-4217 currency. Pinned per partner by test/attribution/fixtures/*.json.
 */
export function buildPostback(input: PostbackInput, epochSeconds: number, receivedAt: number): Postback {
  return { partner: input.partner, eventId: input.eventId, receivedAt, params: BUILDERS[input.partner](input, epochSeconds) };
}

type Builder = (input: PostbackInput, epochSeconds: number) => Record<string, string>;

const unix = (epochSeconds: number, simSeconds: number): string => String(Math.floor(epochSeconds + simSeconds));
const money = (usd: number): string => usd.toFixed(2);
const isIos = (input: PostbackInput): boolean => input.os?.toLowerCase() === 'ios';

const BUILDERS: Record<MeasurementPartner, Builder> = {
  adjust(input, epoch) {
    const params: Record<string, string> = {};
    params[isIos(input) ? 'idfa' : 'gps_adid'] = input.ifa ?? '';
    params.activity_kind = input.kind === 'install' ? 'install' : input.kind === 'reengagement' ? 'reattribution' : 'event';
    params.created_at = unix(epoch, input.eventTime);
    if (input.kind === 'purchase') {
      params.event_name = 'purchase';
      params.revenue = money(input.revenue);
      params.currency = input.currency;
    } else {
      const touch = input.attributed === 'click' ? input.clickTime : input.impressionTime;
      params.conversion_duration = String(Math.floor(input.eventTime - touch));
    }
    return params;
  },
  appsflyer(input, epoch) {
    const params: Record<string, string> = {};
    params[isIos(input) ? 'idfa' : 'advertiserId'] = input.ifa ?? '';
    params.event_name = input.kind === 'install' ? 'install' : input.kind === 'reengagement' ? 're-engagement' : 'af_purchase';
    params.event_time = unix(epoch, input.eventTime);
    if (input.kind === 'purchase') {
      params.event_revenue = money(input.revenue);
      params.event_revenue_currency = input.currency;
    }
    if (input.attributed === 'click') {
      params.click_id = input.clickId;
      params['click-ts'] = unix(epoch, input.clickTime);
    }
    return params;
  },
  singular(input, epoch) {
    const params: Record<string, string> = {};
    params[isIos(input) ? 'IDFA' : 'AIFA'] = input.ifa ?? '';
    params.EVTNAME = input.kind === 'install' ? '__INSTALL__' : input.kind === 'reengagement' ? '__REENGAGEMENT__' : 'purchase';
    if (input.kind === 'purchase') {
      params.AMOUNT = money(input.revenue);
      params.CURRENCY = input.currency;
    }
    params.IS_VIEWTHROUGH = input.attributed === 'view' ? '1' : '0';
    params.IS_RE_ENG = input.kind === 'install' ? '0' : '1';
    if (input.attributed === 'click') params.cl = input.clickId;
    params.timestamp = unix(epoch, input.eventTime);
    return params;
  },
  kochava(input, epoch) {
    const params: Record<string, string> = {};
    params.event_name = input.kind === 'install' ? '_install' : input.kind === 'reengagement' ? '_reengagement' : 'Purchase';
    if (input.kind === 'purchase') params.event_data = JSON.stringify({ sum: money(input.revenue), currency: input.currency });
    params.datetime = unix(epoch, input.eventTime);
    params[isIos(input) ? 'idfa' : 'adid'] = input.ifa ?? '';
    if (input.attributed === 'click') params.click_id = input.clickId;
    return params;
  },
};
