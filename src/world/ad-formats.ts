import type { AdFormat } from '../scenario/index.js';

/** Impression formats by format index, the order of the scenario schema. */
export const AD_FORMATS = ['banner', 'interstitial', 'rewarded-video', 'native'] as const satisfies readonly AdFormat[];

export const AD_FORMAT_INDEX: Readonly<Record<AdFormat, number>> = Object.freeze({
  banner: 0, interstitial: 1, 'rewarded-video': 2, native: 3,
});
