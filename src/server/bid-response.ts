import type { Bid, BidRequest, BidResponse, Imp } from '../domain/index.js';

/** What the bid says about the ad: whose app it promotes and which creative. */
export interface AdCampaign {
  /** Campaign id (the scenario's), sent as `cid`. */
  readonly id: string;
  /** The advertised app's bundle, sent as `bundle`. */
  readonly bundle: string;
  /** The advertiser's domain, sent in `adomain` for the exchange's blocklists. */
  readonly adomain: string;
}

/** OpenRTB 2.6 `mtype`: 1 banner, 2 video, 4 native. */
function markupType(imp: Imp): number {
  return imp.video ? 2 : imp.native ? 4 : 1;
}

const FORMAT_NAMES = ['banner', 'video', 'video', 'native'] as const;

/**
 * The advertiser's domain from an app bundle: reverse-DNS package names (com.example.shop →
 * example.com); App Store numeric ids have none, so the store's.
 */
export function advertiserDomain(bundle: string): string {
  const parts = bundle.split('.');
  return parts.length >= 2 && /^[a-z]/i.test(bundle) ? `${parts[1]}.${parts[0]}` : 'apps.apple.com';
}

/**
 * The BidResponse for one bid on `imp`. The notice URLs carry the bid number and the
 * exchange's `${AUCTION_PRICE}` macro, which it replaces with the clearing price (CPM).
 */
export function bidResponse(request: BidRequest, imp: Imp, cpm: number, bidNumber: number, ad: AdCampaign, noticeBase: string): BidResponse {
  const bidid = String(bidNumber);
  const bid: Bid & { readonly cid: string } = {
    id: bidid,
    impid: imp.id,
    price: cpm,
    adomain: [ad.adomain],
    bundle: ad.bundle,
    cid: ad.id,
    crid: `${ad.id}-${FORMAT_NAMES[markupType(imp) - 1] ?? 'banner'}`,
    mtype: markupType(imp),
    nurl: `${noticeBase}/win?bid=${bidid}&price=\${AUCTION_PRICE}`,
    burl: `${noticeBase}/bill?bid=${bidid}&price=\${AUCTION_PRICE}`,
  };
  const response: BidResponse & { readonly bidid: string } = { id: request.id, bidid, cur: 'USD', seatbid: [{ seat: 'bidlab', bid: [bid] }] };
  return response;
}
