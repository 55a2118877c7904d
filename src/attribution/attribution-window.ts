import type { AttributionConfig, DeepReadonly } from '../scenario/index.js';

/** How a conversion is credited: through the click, through the impression alone, or not at all (organic). */
export type Attributed = 'click' | 'view' | null;

/**
 * The measurement partner's lookback rules, in seconds, for our one touch per opportunity (we do
 * not model other networks' touches, so "last touch" is ours whenever a window holds):
 *
 * - click-through when the user clicked and the conversion is at most clickWindowDays after the
 *   click (the bound is inclusive: one second later is organic);
 * - view-through when there was no click and the conversion is at most viewWindowHours after the
 *   impression; viewWindowHours 0 turns view-through off;
 * - otherwise unattributed: the conversion still happened, but the ad network gets no credit,
 *   no postback and no revenue.
 *
 * A click takes the touch over: a clicked impression is never credited view-through. Purchases
 * are judged on their own time against the same touch, so a late purchase after an attributed
 * re-engagement can fall out of the window.
 */
export class AttributionWindow {
  readonly clickSeconds: number;
  readonly viewSeconds: number;

  constructor(config: DeepReadonly<Pick<AttributionConfig, 'clickWindowDays' | 'viewWindowHours'>>) {
    this.clickSeconds = config.clickWindowDays * 86_400;
    this.viewSeconds = config.viewWindowHours * 3_600;
  }

  /** The credit for a conversion at `conversionTime`; `clickTime` is NaN when there was no click. */
  attribute(impressionTime: number, clickTime: number, conversionTime: number): Attributed {
    if (!Number.isNaN(clickTime)) return conversionTime - clickTime <= this.clickSeconds ? 'click' : null;
    return this.viewSeconds > 0 && conversionTime - impressionTime <= this.viewSeconds ? 'view' : null;
  }
}
