import { normalCdf } from '../market/normal-cdf.js';
import { normalQuantile } from '../rng/index.js';
import { ReplayError } from './replay-error.js';

/**
 * What a log says about one auction's highest competing bid H (CPM): its value, or only a bound.
 * A logged win tells that H stayed below our bid (or, in a second-price auction, H itself through
 * the price paid); a logged loss tells only that H reached our bid: the clearing price is
 * censored.
 */
export type MarketObservation = (
  | { readonly kind: 'exact'; readonly floorCpm: number; readonly cpm: number }
  | { readonly kind: 'below'; readonly floorCpm: number; readonly cpm: number }
  | { readonly kind: 'above'; readonly floorCpm: number; readonly cpm: number }
) & {
  /**
   * What the logging policy thought the impression worth (its predicted conversion chance), when
   * known: rivals who value users as we do bid more for the users we value, so H is fitted per
   * band of this score too.
   */
  score?: number;
};

/** One floor band's fit: no competing bid with probability `none`, else log H ~ N(mu, sigma²). */
export interface MarketPriceBand {
  readonly none: number;
  /** Floors in [floorFrom, floorTo) use this band. */
  readonly floorFrom: number;
  readonly floorTo: number;
  readonly mu: number;
  readonly sigma: number;
  /** Observations the band was fitted on (0: it borrows the pooled fit). */
  readonly observations: number;
}

/** The JSON form of a fitted model, as `bidlab log fit-market` writes it. */
export interface MarketPriceModelJson {
  readonly kind: 'bidlab-market-price-model';
  /** 1: floor bands only; 2: also bands of the logging policy's score. */
  readonly version: 1 | 2;
  readonly pooled: MarketPriceBand;
  readonly bands: ReadonlyArray<MarketPriceBand>;
  /** Version 2: the policy whose predicted conversion chance is the score. */
  readonly scorePolicy?: string;
  /** Version 2: inner edges of the score bands (quantiles of the observations' scores). */
  readonly scoreEdges?: ReadonlyArray<number>;
  /** Version 2: per floor band, per score band, the fit, or null where too few observations (the floor band's fit is used). */
  readonly cells?: ReadonlyArray<ReadonlyArray<MarketPriceBand | null>>;
}

/** Score bands: quintiles of the observed scores. */
const SCORE_BANDS = 5;

/** The score dimension of a model: which policy scores, where the bands split, and the fits. */
export interface ScoreBands {
  readonly policy: string;
  readonly edges: ReadonlyArray<number>;
  readonly cells: ReadonlyArray<ReadonlyArray<MarketPriceBand | null>>;
}

/** Floor bands' upper edges (CPM): floors drive what rivals must bid, so H is fitted per band. */
const BAND_EDGES = [0.1, 0.25, 0.5, 1, 2, 4, Infinity];
/** A band with fewer observations than this borrows the pooled fit. */
const MIN_BAND_OBSERVATIONS = 200;
const EM_ROUNDS = 200;

/**
 * The market-price model of a log replay: the distribution of the highest competing bid H, a
 * log-normal per floor band, fitted by maximum likelihood to censored observations (EM for the
 * censored normal on log H). A replayed bid the logged bidder never made meets an H drawn from
 * this distribution, truncated to what the record says about it (above the logged bid after a
 * logged loss, below it after a logged win).
 *
 * It assumes H does not depend on the user beyond the floor. Rivals who value users as we do
 * break that (their bids rise with the user's worth); the replay report says the price came from
 * this model, so a reader can weigh it.
 */
export class MarketPriceModel {
  private constructor(readonly pooled: MarketPriceBand, readonly bands: ReadonlyArray<MarketPriceBand>, readonly scores?: ScoreBands) {}

  /**
   * Fits a model to a log's observations; with `scorePolicy`, also per band of the observations'
   * scores (that policy's predicted conversion chance) within each floor band.
   */
  static fit(observations: Iterable<MarketObservation>, scorePolicy?: string): MarketPriceModel {
    const perBand: MarketObservation[][] = BAND_EDGES.map(() => []);
    const all: MarketObservation[] = [];
    for (const o of observations) {
      perBand[bandIndex(o.floorCpm)]!.push(o);
      all.push(o);
    }
    if (all.length === 0) throw new ReplayError('REPLAY_MARKET_MODEL', 'no market observations to fit: the log has no bids, wins or reported prices', 'MarketPriceModel.fit');
    const pooledFit = fitCensoredNormal(all);
    const pooled: MarketPriceBand = { floorFrom: 0, floorTo: Infinity, ...pooledFit, observations: all.length };
    const bands = BAND_EDGES.map((to, i): MarketPriceBand => {
      const from = i === 0 ? 0 : BAND_EDGES[i - 1]!;
      const obs = perBand[i]!;
      if (obs.length < MIN_BAND_OBSERVATIONS) return { floorFrom: from, floorTo: to, none: pooled.none, mu: pooled.mu, sigma: pooled.sigma, observations: 0 };
      return { floorFrom: from, floorTo: to, ...fitCensoredNormal(obs), observations: obs.length };
    });
    const scored = all.filter((o) => o.score !== undefined && Number.isFinite(o.score));
    if (scorePolicy === undefined || scored.length < MIN_BAND_OBSERVATIONS * SCORE_BANDS) return new MarketPriceModel(pooled, bands);
    const sorted = scored.map((o) => o.score!).sort((a, b) => a - b);
    const edges = Array.from({ length: SCORE_BANDS - 1 }, (_, k) => sorted[Math.floor(((k + 1) * sorted.length) / SCORE_BANDS)]!);
    const cells = BAND_EDGES.map((to, i) => {
      const from = i === 0 ? 0 : BAND_EDGES[i - 1]!;
      const byScore: MarketObservation[][] = Array.from({ length: SCORE_BANDS }, () => []);
      for (const o of perBand[i]!) if (o.score !== undefined && Number.isFinite(o.score)) byScore[scoreIndex(edges, o.score)]!.push(o);
      return byScore.map((obs) => (obs.length < MIN_BAND_OBSERVATIONS ? null : { floorFrom: from, floorTo: to, ...fitCensoredNormal(obs), observations: obs.length }));
    });
    return new MarketPriceModel(pooled, bands, { policy: scorePolicy, edges, cells });
  }

  static fromJson(json: unknown, where: string): MarketPriceModel {
    const j = json as Partial<MarketPriceModelJson> | null;
    if (!j || j.kind !== 'bidlab-market-price-model' || (j.version !== 1 && j.version !== 2) || !Array.isArray(j.bands) || !j.pooled) {
      throw new ReplayError('REPLAY_MARKET_MODEL', 'not a bidlab market-price model (kind bidlab-market-price-model, version 1 or 2)', where);
    }
    const band = (b: MarketPriceBand, i: string): MarketPriceBand => {
      if (!(Number.isFinite(b.mu) && b.sigma > 0 && b.sigma < Infinity && b.none >= 0 && b.none < 1)) {
        throw new ReplayError('REPLAY_MARKET_MODEL', `band ${i}: mu must be finite, sigma positive and none in [0, 1)`, where);
      }
      return { floorFrom: b.floorFrom, floorTo: b.floorTo ?? Infinity, none: b.none, mu: b.mu, sigma: b.sigma, observations: b.observations };
    };
    if (j.bands.length !== BAND_EDGES.length) throw new ReplayError('REPLAY_MARKET_MODEL', `expected ${BAND_EDGES.length} floor bands, got ${j.bands.length}`, where);
    const bands = j.bands.map((b, i) => band(b, String(i)));
    if (j.version === 1) return new MarketPriceModel(band(j.pooled, 'pooled'), bands);
    const edges = j.scoreEdges, cells = j.cells;
    if (typeof j.scorePolicy !== 'string' || !Array.isArray(edges) || edges.length !== SCORE_BANDS - 1 || !edges.every((e, k) => Number.isFinite(e) && (k === 0 || e >= edges[k - 1]!))
      || !Array.isArray(cells) || cells.length !== BAND_EDGES.length || !cells.every((row) => Array.isArray(row) && row.length === SCORE_BANDS)) {
      throw new ReplayError('REPLAY_MARKET_MODEL', `version 2 needs scorePolicy, ${SCORE_BANDS - 1} increasing scoreEdges and ${BAND_EDGES.length}×${SCORE_BANDS} cells`, where);
    }
    const scores: ScoreBands = { policy: j.scorePolicy, edges, cells: cells.map((row, i) => row.map((c: MarketPriceBand | null, q: number) => (c === null ? null : band(c, `${i}.${q}`)))) };
    return new MarketPriceModel(band(j.pooled, 'pooled'), bands, scores);
  }

  toJson(): MarketPriceModelJson {
    // JSON has no Infinity: the last band's open end is written as null and read back as Infinity.
    const out = (b: MarketPriceBand) => ({ ...b, floorTo: (Number.isFinite(b.floorTo) ? b.floorTo : null) as number });
    const base = { kind: 'bidlab-market-price-model' as const, pooled: out(this.pooled), bands: this.bands.map(out) };
    if (!this.scores) return { ...base, version: 1 };
    const { policy, edges, cells } = this.scores;
    return { ...base, version: 2, scorePolicy: policy, scoreEdges: edges, cells: cells.map((row) => row.map((c) => (c ? out(c) : null))) };
  }

  /**
   * H drawn from the band of `floorCpm`, truncated to [lowerCpm, upperCpm], by inversion of the
   * uniform `u` in (0, 1): a keyed draw gives every policy the same H for the same auction.
   */
  draw(floorCpm: number, u: number, lowerCpm = 0, upperCpm = Infinity, score?: number): number {
    const b = this.cell(floorCpm, score);
    const { none, lo, hi, some } = masses(b, lowerCpm, upperCpm);
    if (none + some <= 1e-12) return lowerCpm > 0 ? lowerCpm : 0;
    const v = u * (none + some);
    if (v < none) return 0;
    const p = Math.min(1 - 1e-12, Math.max(1e-12, lo + ((v - none) / some) * (hi - lo)));
    const h = Math.exp(b.mu + b.sigma * normalQuantile(p));
    return Math.min(upperCpm, Math.max(lowerCpm, h));
  }

  /**
   * The chance that H lies below `cpm` under the same truncation as `draw`: how often a bid of
   * `cpm` (at or above the floor) beats the rivals. What the model's calibration is checked by.
   */
  chanceBelow(floorCpm: number, cpm: number, lowerCpm = 0, upperCpm = Infinity, score?: number): number {
    const b = this.cell(floorCpm, score);
    const { none, lo, hi, some } = masses(b, lowerCpm, upperCpm);
    if (none + some <= 1e-12) return (lowerCpm > 0 ? lowerCpm : 0) < cpm ? 1 : 0;
    if (!(cpm > 0)) return 0;
    const below = Math.min(hi, normalCdf((Math.log(cpm) - b.mu) / b.sigma));
    return (none + (1 - b.none) * Math.max(0, below - lo)) / (none + some);
  }

  /** The fit H is drawn from: the cell of the floor band and score, else the floor band. */
  private cell(floorCpm: number, score: number | undefined): MarketPriceBand {
    const i = bandIndex(floorCpm);
    return (this.scores && score !== undefined && Number.isFinite(score) ? this.scores.cells[i]![scoreIndex(this.scores.edges, score)] : null) ?? this.bands[i]!;
  }
}

/**
 * Mass of each part of a fit inside [lowerCpm, upperCpm]: "no rival" sits at 0, so only an
 * interval from 0 holds it; `lo` and `hi` are the log-normal's CDF at the bounds.
 */
function masses(b: MarketPriceBand, lowerCpm: number, upperCpm: number): { none: number; lo: number; hi: number; some: number } {
  const none = lowerCpm > 0 ? 0 : b.none;
  const lo = lowerCpm > 0 ? normalCdf((Math.log(lowerCpm) - b.mu) / b.sigma) : 0;
  const hi = upperCpm < Infinity ? normalCdf((Math.log(upperCpm) - b.mu) / b.sigma) : 1;
  return { none, lo, hi, some: (1 - b.none) * Math.max(0, hi - lo) };
}

function scoreIndex(edges: ReadonlyArray<number>, score: number): number {
  let q = 0;
  while (q < edges.length && score >= edges[q]!) q++;
  return q;
}

function bandIndex(floorCpm: number): number {
  let i = 0;
  while (floorCpm >= BAND_EDGES[i]!) i++;
  return i;
}

/** φ(z) */
function normalPdf(z: number): number {
  return Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI);
}

/**
 * Maximum-likelihood fit of "no rival bid" (probability `none`) or log H ~ N(mu, sigma²), under
 * right and left censoring, by EM: a bound "below c" may be either part, weighted by its
 * posterior; each censored log H is replaced by its conditional first and second moments under
 * the current fit (truncated-normal moments); then the parameters are the weighted means.
 * Written by hand: the censored normal mixture is a few lines and no maintained JS statistics
 * library offers it.
 */
function fitCensoredNormal(obs: ReadonlyArray<MarketObservation>): { none: number; mu: number; sigma: number } {
  const y = obs.map((o) => (o.cpm > 0 ? Math.log(o.cpm) : -Infinity));
  const known = y.filter((v, i) => obs[i]!.kind !== 'below' && Number.isFinite(v));
  let mu = known.length > 0 ? known.reduce((a, b) => a + b, 0) / known.length : 0;
  let sigma = known.length > 1 ? Math.sqrt(known.reduce((a, b) => a + (b - mu) ** 2, 0) / known.length) || 1 : 1;
  let none = 0.5;
  for (let round = 0; round < EM_ROUNDS; round++) {
    let w = 0, s1 = 0, s2 = 0, noneSum = 0;
    for (let i = 0; i < obs.length; i++) {
      const c = y[i]!, kind = obs[i]!.kind;
      if (kind === 'exact') { w++; s1 += c; s2 += c * c; continue; }
      const a = (c - mu) / sigma;
      if (kind === 'above') {
        const tail = Math.max(1e-300, 1 - normalCdf(a));
        const lambda = normalPdf(a) / tail;
        w++;
        s1 += mu + sigma * lambda;
        s2 += mu * mu + sigma * sigma + sigma * (c + mu) * lambda;
        continue;
      }
      // Below c: no rival, or a rival under c.
      const head = c === -Infinity ? 0 : normalCdf(a);
      const pSome = ((1 - none) * head) / Math.max(1e-300, none + (1 - none) * head);
      noneSum += 1 - pSome;
      if (pSome <= 0) continue;
      const lambda = normalPdf(a) / Math.max(1e-300, head);
      w += pSome;
      s1 += pSome * (mu - sigma * lambda);
      s2 += pSome * (mu * mu + sigma * sigma - sigma * (c + mu) * lambda);
    }
    const nextNone = Math.min(1 - 1e-9, noneSum / obs.length);
    const nextMu = w > 0 ? s1 / w : mu;
    const nextSigma = w > 0 ? Math.sqrt(Math.max(1e-6, s2 / w - nextMu * nextMu)) : sigma;
    const settled = Math.abs(nextMu - mu) < 1e-9 && Math.abs(nextSigma - sigma) < 1e-9 && Math.abs(nextNone - none) < 1e-9;
    mu = nextMu; sigma = nextSigma; none = nextNone;
    if (settled) break;
  }
  return { none, mu, sigma };
}
