import { parseDuration } from './duration.js';
import type { LoadScenario } from './load-scenario.js';

/**
 * When the requests of an arrival-rate scenario start: the expected number started by each
 * moment is the integral of the rate, which is constant, or linear within each ramping stage
 * (as k6's ramping-arrival-rate). The i-th request starts when that integral passes i.
 */
export class ArrivalSchedule {
  /** Milliseconds from start to end. */
  readonly durationMs: number;
  /** Requests the whole run starts. */
  readonly total: number;
  private readonly stageEnd: number[] = [];
  private readonly stageRate0: number[] = [];
  private readonly stageRate1: number[] = [];
  private readonly stageBefore: number[] = [];

  constructor(scenario: LoadScenario['scenario']) {
    const unit = parseDuration(scenario.timeUnit);
    const stages = scenario.executor === 'constant-arrival-rate'
      ? [{ from: scenario.rate, to: scenario.rate, ms: parseDuration(scenario.duration) }]
      : scenario.stages.map((s, i, all) => ({ from: i === 0 ? scenario.startRate : all[i - 1]!.target, to: s.target, ms: parseDuration(s.duration) }));
    let end = 0, before = 0;
    for (const s of stages) {
      this.stageBefore.push(before);
      this.stageRate0.push(s.from / unit);
      this.stageRate1.push(s.to / unit);
      before += ((s.from + s.to) / 2 / unit) * s.ms;
      end += s.ms;
      this.stageEnd.push(end);
    }
    this.durationMs = end;
    this.total = Math.floor(before + 1e-9);
  }

  /** Requests started by `ms` after the start (a whole number, non-decreasing). */
  startedBy(ms: number): number {
    if (ms >= this.durationMs) return this.total;
    if (ms <= 0) return 0;
    let s = 0;
    while (this.stageEnd[s]! <= ms) s++;
    const start = s === 0 ? 0 : this.stageEnd[s - 1]!;
    const len = this.stageEnd[s]! - start;
    const t = ms - start;
    const r0 = this.stageRate0[s]!, r1 = this.stageRate1[s]!;
    return Math.min(this.total, Math.floor(this.stageBefore[s]! + r0 * t + ((r1 - r0) * t * t) / (2 * len) + 1e-9));
  }

  /**
   * When request `i` (from 0) is due, in milliseconds from the start: the moment `startedBy`
   * reaches i + 1. Latency runs from here, so a generator that falls behind its schedule shows
   * its lateness in the figures instead of hiding the queue it should have built.
   */
  dueAt(i: number): number {
    const n = i + 1;
    let s = 0;
    while (s < this.stageEnd.length - 1 && this.stageBefore[s + 1]! < n) s++;
    const start = s === 0 ? 0 : this.stageEnd[s - 1]!;
    const len = this.stageEnd[s]! - start;
    const r0 = this.stageRate0[s]!, r1 = this.stageRate1[s]!;
    // before + r0·t + (r1 − r0)·t²/(2·len) = n, solved in the form that stays exact when r1 = r0.
    const left = n - this.stageBefore[s]!;
    const a = (r1 - r0) / (2 * len);
    const root = Math.sqrt(Math.max(0, r0 * r0 + 4 * a * left));
    return Math.min(this.stageEnd[s]!, start + (r0 + root > 0 ? (2 * left) / (r0 + root) : len));
  }

  /** The planned rate (requests per second) at `ms`. */
  rateAt(ms: number): number {
    if (ms < 0 || ms >= this.durationMs) return 0;
    let s = 0;
    while (this.stageEnd[s]! <= ms) s++;
    const start = s === 0 ? 0 : this.stageEnd[s - 1]!;
    const f = (ms - start) / (this.stageEnd[s]! - start);
    return 1000 * (this.stageRate0[s]! + (this.stageRate1[s]! - this.stageRate0[s]!) * f);
  }
}
