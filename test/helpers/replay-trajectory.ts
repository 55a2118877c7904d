import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Table, tableFromIPC } from 'apache-arrow';
import { readLog } from '../../src/io/log/index.js';
import { fitMarketModel } from '../../src/run/fit-market-model.js';
import { replayLog } from '../../src/run/replay-log.js';
import { runScenario } from '../../src/run/run-scenario.js';
import { fidelityScenario, recordFidelityLog } from './replay-fidelity.js';

/** Auctions and the conversions logged on them. */
export interface AuctionCount { auctions: number; conversions: number }

/** How one replayed policy retraced its live run, auction by auction. */
export interface TrajectoryAgreement {
  readonly policy: string;
  /** Auctions compared: every auction for a user on a retargeting list. */
  readonly auctions: number;
  readonly bidDiffers: number;
  /** Both bid, at different prices. */
  readonly priceDiffers: number;
  readonly wonDiffers: number;
  /** Auctions the logger won (their outcomes are in the log) that the policy won in the replay only, or live only. */
  readonly observedReplayOnly: AuctionCount;
  readonly observedLiveOnly: AuctionCount;
}

interface Decision { bid: boolean; cpm: number | null; won: boolean }

/**
 * Records a log of the fidelity scenario's world (the champion exploring its grid, as the
 * fidelity experiment does), replays champion and challenger on it, runs both live in the same
 * world, and compares their decisions auction by auction. The replay's decisions may leave the
 * live ones only through what the log does not tell: the market of auctions the logger lost,
 * which the market-price model fills, and through it a policy's frequency caps. With the minimum
 * bid to win reported on every auction (`minToWinShare` 1) nothing is missing, and a faithful
 * replay retraces its live run exactly.
 */
export async function measureTrajectories(options: { minToWinShare: number; maxOpportunities?: number; seed?: number }): Promise<TrajectoryAgreement[]> {
  const dir = await mkdtemp(join(tmpdir(), 'bidlab-trajectory-'));
  try {
    const scenario = await fidelityScenario(options.seed);
    const limit = options.maxOpportunities ? { maxOpportunities: options.maxOpportunities } : {};
    const log = join(dir, 'log.arrow');
    await recordFidelityLog(scenario, log, options);
    const marketModel = await fitMarketModel(scenario, readLog(log));
    const policies = ['champion', 'challenger'];
    await runScenario(scenario, { policies, eventsPath: join(dir, 'live.arrow'), ...limit });
    await replayLog(scenario, readLog(log), { outcomes: 'logged', marketModel, policies, sourceName: 'trajectory log', eventsDir: join(dir, 'replay') });
    const loggerWon = new Set<string>();
    for await (const item of readLog(log)) if (item.kind === 'record' && item.record.market.won) loggerWon.add(String(item.record.opportunityId));
    const replayDir = join(dir, 'replay');
    const replayed = readdirSync(replayDir).filter((f) => f.endsWith('.arrow')).sort().map((f) => tableFromIPC(readFileSync(join(replayDir, f))));
    return compareTrajectories(tableFromIPC(readFileSync(join(dir, 'live.arrow'))), replayed, policies, loggerWon);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * The live run's events (`events.arrow`) against a replay's event segments, per policy;
 * `loggerWon`: the opportunity ids of the auctions the logger won.
 */
export function compareTrajectories(live: Table, replayed: ReadonlyArray<Table>, policies: ReadonlyArray<string>, loggerWon: ReadonlySet<string>): TrajectoryAgreement[] {
  const liveBy = new Map<string, Decision & { converts: number }>();
  forEachRow(live, (row) => {
    liveBy.set(`${row.opportunity_id}|${row.policy}`, { bid: row.bid === true, cpm: row.bid_cpm as number | null, won: row.won === true, converts: Number(row.converts ?? 0) });
  });
  const out = new Map(policies.map((policy) => [policy, {
    policy, auctions: 0, bidDiffers: 0, priceDiffers: 0, wonDiffers: 0,
    observedReplayOnly: { auctions: 0, conversions: 0 }, observedLiveOnly: { auctions: 0, conversions: 0 },
  }]));
  for (const table of replayed) {
    forEachRow(table, (row) => {
      const a = out.get(String(row.policy));
      const l = liveBy.get(`${row.opportunity_id}|${row.policy}`);
      if (!a) return;
      if (!l) throw new Error(`opportunity ${row.opportunity_id} of ${row.policy} is in the replay's events, not the live run's`);
      a.auctions++;
      const bid = row.bid === true, won = row.won === true;
      if (bid !== l.bid) a.bidDiffers++;
      else if (bid && row.bid_cpm !== l.cpm) a.priceDiffers++;
      if (won !== l.won) a.wonDiffers++;
      // An auction whose outcome the log holds: the replay credits its logged conversions to whoever wins it.
      if (loggerWon.has(String(row.opportunity_id))) {
        if (won && !l.won) { a.observedReplayOnly.auctions++; a.observedReplayOnly.conversions += Number(row.conversions ?? 0); }
        if (!won && l.won) { a.observedLiveOnly.auctions++; a.observedLiveOnly.conversions += l.converts; }
      }
    });
  }
  return [...out.values()];
}

function forEachRow(table: Table, visit: (row: Record<string, unknown>) => void): void {
  const names = table.schema.fields.map((f) => f.name);
  const columns = names.map((n) => table.getChild(n)!);
  for (let i = 0; i < table.numRows; i++) {
    const row: Record<string, unknown> = {};
    names.forEach((n, k) => { row[n] = columns[k]!.get(i); });
    visit(row);
  }
}
