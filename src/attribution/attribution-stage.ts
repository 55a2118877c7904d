import type { Opportunity, OpportunityTruth } from '../domain/index.js';
import type { Draws, RandomStreams } from '../rng/index.js';
import type { AttributionConfig, CampaignConfig, DeepReadonly, MeasurementPartner } from '../scenario/index.js';
import { EventQueue, type SimClock } from '../sim/index.js';
import { AttributionError } from './attribution-error.js';
import { AttributionWindow, type Attributed } from './attribution-window.js';
import { buildPostback, type ConversionKind, type Postback } from './postback.js';
import { ResponseModel, type ResponseOptions } from './response-model.js';
import { drawResponse, emptyResponse, type UserResponse } from './user-response.js';

export type AttributionEventKind = 'impression' | 'click' | ConversionKind;

/** One event of a won impression's chain, as the sink receives it. */
export interface AttributionEvent {
  policyIndex: number;
  opportunityId: number;
  campaignId: string;
  kind: AttributionEventKind;
  /** Simulated seconds at which it happened. */
  time: number;
  /** USD the advertiser credits: a purchase's revenue, or valuePerConversion on the re-engagement of a 're-engagement' campaign; else 0. Counts for the network only when attributed. */
  value: number;
  /** USD paid: the clearing price on the impression (paidCpm / 1000), else 0. */
  cost: number;
  /** True for the campaign's goal event: the re-engagement of a 're-engagement' campaign, the purchases of a 'purchase' campaign. */
  conversion: boolean;
  /** Credit under the partner's windows; null for impressions, clicks and organic conversions. */
  attributed: Attributed;
  /** The partner's postback, on attributed re-engagements and purchases. */
  postback?: Postback;
}

export type AttributionSink = (event: AttributionEvent) => void;

export interface AttributionStageOptions {
  /** The run's streams; the stage draws from 'response' only. */
  streams: RandomStreams;
  attribution: DeepReadonly<AttributionConfig>;
  /** Unix seconds of simulated time 0 (the scenario's start), for postback timestamps. */
  startEpochSeconds: number;
  /** ISO-4217 code of postback revenue. Default 'USD', the unit of every scenario amount. */
  currency?: string;
  /** The clock the queue advances. Default: a new clock at 0. */
  clock?: SimClock;
  /** Response-model options (click delay, purchase count). Defaults in {@link ResponseOptions}. */
  response?: ResponseOptions;
}

/** Lower goes first at equal times: a cause always precedes its effect. */
const PRIORITY: Record<AttributionEventKind, number> = { impression: 0, click: 1, install: 2, reengagement: 3, purchase: 4 };

interface Touch {
  campaignId: string;
  partner: MeasurementPartner;
  os: string | undefined;
  ifa: string | undefined;
  impressionTime: number;
  clickTime: number;
}

interface Pending {
  policyIndex: number;
  opportunityId: number;
  kind: AttributionEventKind;
  index: number;
  time: number;
  value: number;
  cost: number;
  conversion: boolean;
  attributed: Attributed;
  postbackDelay: number;
  touch: Touch;
}

interface Compiled {
  model: ResponseModel;
  partner: MeasurementPartner;
}

/**
 * The attribution stage of the run loop. `onWin` draws the won impression's chain (the same for
 * every policy, see drawResponse) and schedules its events on an event queue keyed by (time,
 * kind priority, order); `drainUntil` delivers what happened up to a time; `drainAll` ends the run
 * once every chain has played out, which is after the last window has closed. Only pending events
 * are held: memory follows the wins of the last few days, not the run.
 */
export class AttributionStage {
  readonly window: AttributionWindow;
  private readonly queue: EventQueue<Pending>;
  private readonly draws: Draws;
  private readonly compiled = new WeakMap<object, Compiled>();
  private readonly response: UserResponse;
  private readonly currency: string;
  private drawnFor = -1;
  private drawnWith: ResponseModel | undefined;

  constructor(private readonly options: AttributionStageOptions) {
    if (!Number.isFinite(options.startEpochSeconds)) {
      throw new AttributionError('ATTRIBUTION_BAD_OPTION', `startEpochSeconds must be a finite number, got ${options.startEpochSeconds}`, 'AttributionStage');
    }
    this.window = new AttributionWindow(options.attribution);
    this.queue = new EventQueue<Pending>(options.clock ? { clock: options.clock } : {});
    this.draws = options.streams.stream('response').draws();
    this.response = emptyResponse(64);
    this.currency = options.currency ?? 'USD';
  }

  /** Events scheduled and not yet delivered. */
  get pending(): number {
    return this.queue.size;
  }

  /** The queue's clock: the time of the last event delivered. */
  get clock(): SimClock {
    return this.queue.clock;
  }

  /** Schedules the chain of an impression `policyIndex` won at `opportunity.time` for `paidCpm` (USD per thousand). */
  onWin(policyIndex: number, opportunity: Opportunity, truth: OpportunityTruth, campaign: DeepReadonly<CampaignConfig>, paidCpm: number): void {
    const { model, partner } = this.compile(campaign);
    const r = this.responseTo(opportunity.id, truth, model);
    const t0 = opportunity.time;
    const device = opportunity.request.device;
    const touch: Touch = {
      campaignId: campaign.id,
      partner,
      os: device?.os,
      ifa: device?.ifa,
      impressionTime: t0,
      clickTime: r.clicked ? t0 + r.clickAt : NaN,
    };
    const id = opportunity.id;
    this.schedule(policyIndex, id, 'impression', 0, t0, 0, paidCpm / 1000, false, null, NaN, touch);
    if (r.clicked) this.schedule(policyIndex, id, 'click', 0, touch.clickTime, 0, 0, false, null, NaN, touch);
    if (!r.reengaged) return;
    const reengageTime = t0 + r.reengageAt;
    const reengageCredit = this.window.attribute(t0, touch.clickTime, reengageTime);
    this.schedule(policyIndex, id, 'reengagement', 0, reengageTime, r.reengageValue, 0, model.goal === 're-engagement', reengageCredit, r.reengagePostbackDelay, touch);
    for (let i = 0; i < r.purchaseCount; i++) {
      const time = t0 + r.purchaseAt[i];
      const credit = this.window.attribute(t0, touch.clickTime, time);
      this.schedule(policyIndex, id, 'purchase', i, time, r.purchaseValue[i], 0, model.goal === 'purchase', credit, r.purchasePostbackDelay[i], touch);
    }
  }

  /**
   * Whether showing this opportunity's impression leads to an attributed conversion (the
   * campaign's goal inside its window), the attributed value (a conversion can be worth 0) and
   * the number of attributed goal events (one re-engagement, or each attributed purchase): what
   * the sink will deliver as conversions if a policy wins it. The same answer whichever policy
   * wins it (common random numbers), known at once. Absolute times as in onWin, so window bounds
   * round alike.
   */
  outcome(opportunity: Opportunity, truth: OpportunityTruth, campaign: DeepReadonly<CampaignConfig>): { converts: boolean; value: number; conversions: number } {
    const { model } = this.compile(campaign);
    const r = this.responseTo(opportunity.id, truth, model);
    if (!r.reengaged) return { converts: false, value: 0, conversions: 0 };
    const t0 = opportunity.time, click = r.clicked ? t0 + r.clickAt : NaN;
    if (model.goal === 're-engagement') {
      const credited = this.window.attribute(t0, click, t0 + r.reengageAt) !== null;
      return { converts: credited, value: credited ? r.reengageValue : 0, conversions: credited ? 1 : 0 };
    }
    let conversions = 0, value = 0;
    for (let i = 0; i < r.purchaseCount; i++) {
      if (this.window.attribute(t0, click, t0 + r.purchaseAt[i]!) !== null) { conversions++; value += r.purchaseValue[i]!; }
    }
    return { converts: conversions > 0, value, conversions };
  }

  /** Delivers, in (time, kind, order) order, every event at or before `time`; returns how many. */
  drainUntil(time: number, sink: AttributionSink): number {
    let delivered = 0;
    while (this.queue.size > 0 && this.queue.peekTime() <= time) {
      sink(this.deliver(this.queue.pop()));
      delivered++;
    }
    return delivered;
  }

  /** Delivers everything still pending: the end of a run. */
  drainAll(sink: AttributionSink): number {
    return this.drainUntil(Infinity, sink);
  }

  private schedule(
    policyIndex: number,
    opportunityId: number,
    kind: AttributionEventKind,
    index: number,
    time: number,
    value: number,
    cost: number,
    conversion: boolean,
    attributed: Attributed,
    postbackDelay: number,
    touch: Touch,
  ): void {
    const pending: Pending = { policyIndex, opportunityId, kind, index, time, value, cost, conversion, attributed, postbackDelay, touch };
    this.queue.push(time, PRIORITY[kind], pending);
  }

  private deliver(p: Pending): AttributionEvent {
    const event: AttributionEvent = {
      policyIndex: p.policyIndex,
      opportunityId: p.opportunityId,
      campaignId: p.touch.campaignId,
      kind: p.kind,
      time: p.time,
      value: p.value,
      cost: p.cost,
      conversion: p.conversion,
      attributed: p.attributed,
    };
    if (p.attributed !== null && (p.kind === 'reengagement' || p.kind === 'purchase' || p.kind === 'install')) {
      event.postback = buildPostback(
        {
          partner: p.touch.partner,
          kind: p.kind,
          eventId: `${p.opportunityId}-${p.kind}-${p.index}`,
          os: p.touch.os,
          ifa: p.touch.ifa,
          attributed: p.attributed,
          clickId: `bl-${p.opportunityId}`,
          impressionTime: p.touch.impressionTime,
          clickTime: p.touch.clickTime,
          eventTime: p.time,
          revenue: p.kind === 'purchase' ? p.value : 0,
          currency: this.currency,
        },
        this.options.startEpochSeconds,
        p.time + p.postbackDelay,
      );
    }
    return event;
  }

  /**
   * The response chain to an impression, drawn once per opportunity: outcome() and the onWin of
   * every policy that won it read the same draws (they are keyed by opportunity id, so drawing
   * again would only repeat the work).
   */
  private responseTo(opportunityId: number, truth: OpportunityTruth, model: ResponseModel): UserResponse {
    if (opportunityId !== this.drawnFor || model !== this.drawnWith) {
      drawResponse(truth, opportunityId, model, this.draws, this.response);
      this.drawnFor = opportunityId;
      this.drawnWith = model;
    }
    return this.response;
  }

  private compile(campaign: DeepReadonly<CampaignConfig>): Compiled {
    let compiled = this.compiled.get(campaign);
    if (compiled === undefined) {
      const { attribution } = this.options;
      const byApp = attribution.partners.byApp as Readonly<Record<string, MeasurementPartner | undefined>>;
      compiled = {
        model: new ResponseModel(attribution, campaign, this.options.response),
        partner: byApp[campaign.app.bundle] ?? attribution.partners.default,
      };
      this.compiled.set(campaign, compiled);
    }
    return compiled;
  }
}
