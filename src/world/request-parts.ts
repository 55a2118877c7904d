import type { Banner, Geo } from '../domain/index.js';

/**
 * The parts of bid requests that never change, made once and frozen so every request can share
 * them: a kept request stays valid, and a consumer that tries to change a shared part gets a
 * TypeError instead of corrupting other requests.
 */
export const CURRENCIES: readonly string[] = Object.freeze(['USD']);
export const INTERSTITIAL_BANNER: Banner = Object.freeze({ w: 320, h: 480 });
export const REWARDED_VIDEO = Object.freeze({
  mimes: Object.freeze(['video/mp4']),
  w: 320,
  h: 480,
  minduration: 5,
  maxduration: 30,
  protocols: Object.freeze([2, 3, 5, 6]),
  plcmt: 4,
});
export const NATIVE = Object.freeze({
  ver: '1.2',
  request: '{"ver":"1.2","assets":[{"id":1,"required":1,"title":{"len":90}},{"id":2,"required":1,"img":{"type":3,"w":1200,"h":627}}]}',
});

/** A frozen banner object for a size 'WxH'. */
export function bannerOfSize(size: string): Banner {
  const [w, h] = size.split('x').map(Number);
  return Object.freeze({ w, h, format: Object.freeze([Object.freeze({ w, h })]) });
}

/** Frozen geo objects by (country index, region index), made on first use. */
export class GeoCache {
  private readonly geos: (Geo | undefined)[];

  constructor(private readonly countryCodes: readonly string[], private readonly regions: number) {
    this.geos = new Array<Geo | undefined>(countryCodes.length * regions).fill(undefined);
  }

  geo(country: number, region: number): Geo {
    const slot = country * this.regions + region;
    return this.geos[slot] ?? (this.geos[slot] = Object.freeze({ country: this.countryCodes[country], region: `R${region + 1}`, type: 2 }));
  }
}
