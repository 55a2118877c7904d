import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BidRequest } from '../../src/domain/index.js';
import type { ProfileStore } from '../../src/engine/index.js';
import { ArrowTableWriter } from '../../src/io/arrow/index.js';
import { generateProfileSet } from '../../src/run/generate-profiles.js';
import { createLiveBidder } from '../../src/run/live-bidder.js';
import { PopulationProfiles } from '../../src/run/population-profiles.js';
import { PROFILE_COLUMNS, ProfileFileError, readProfileFile } from '../../src/run/read-profile-file.js';
import { RandomStreams } from '../../src/rng/index.js';
import { loadScenario, type Scenario } from '../../src/scenario/index.js';
import { BidServer, fixedCampaignClock, NO_BID_REASON_HEADER } from '../../src/server/index.js';
import { buildPopulation, trafficStream } from '../../src/world/index.js';
import { send } from './bid-server-harness.js';

const QUICKSTART = join(import.meta.dirname, '../../scenarios/quickstart.yaml');
const dir = mkdtempSync(join(tmpdir(), 'bidlab-profile-file-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = join(dir, 'profiles.arrow');
let scenario: Scenario;
let world: PopulationProfiles;
let ifas: string[];
let requests: BidRequest[];

beforeAll(async () => {
  scenario = await loadScenario(QUICKSTART);
  const streams = new RandomStreams(scenario.seed);
  const population = buildPopulation(scenario, streams);
  world = new PopulationProfiles(population, streams);
  const traffic = trafficStream(scenario, population, streams);
  requests = [];
  for (let item = traffic.nextItem(); item !== undefined && requests.length < 3000; item = traffic.nextItem()) requests.push(item.opportunity.request);
  ifas = [...new Set(requests.flatMap((r) => (r.device?.ifa ? [r.device.ifa] : [])))];
  expect((await generateProfileSet(scenario, { out: file })).profiles).toBe(world.size);
});

describe('a profile file from bidlab generate --kind profiles', () => {
  it("holds the world's users with the same values", async () => {
    const store = await readProfileFile(file, scenario);
    expect(store.size).toBe(world.size);
    let members = 0;
    for (const ifa of ifas) {
      const a = world.get(ifa), b = store.get(ifa);
      expect(b === undefined, ifa).toBe(a === undefined);
      if (!a || !b) continue;
      members++;
      // Keys are each store's own dense numbers; everything the features read must match.
      expect({ ...b, key: 0 }).toEqual({ ...a, key: 0 });
      // An IDFA written in capitals is the same device.
      expect(store.get(ifa.toUpperCase())).toEqual(b);
    }
    expect(members).toBeGreaterThan(100);
  });

  it('makes bidlab serve answer exactly as the world does: same bids, prices, no-bid reasons and notice results', async () => {
    const servers = await Promise.all([world, await readProfileFile(file, scenario)].map(async (store: ProfileStore) => {
      const live = await createLiveBidder(scenario, QUICKSTART, { store });
      // One notice base for both, so the bodies can be compared byte for byte.
      const server = new BidServer({ engine: live.engine, ads: live.ads, clock: fixedCampaignClock(14 * 3600), noticeBase: 'http://bidder.test' });
      return { server, url: await server.listen(0, '127.0.0.1') };
    }));
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const answers: string[][] = [[], []];
      let bids = 0;
      for (const request of requests) {
        for (const [s, { url }] of servers.entries()) {
          const r = await send(`${url}/openrtb2/bid`, { body: JSON.stringify(request), agent });
          let line = `${r.status} ${r.headers[NO_BID_REASON_HEADER] ?? ''} ${r.body}`;
          if (r.status === 200) {
            // Every bid wins at its price: spend books, so pacing and budget state must stay in step too.
            const bid = (JSON.parse(r.body) as { seatbid: { bid: { nurl: string; price: number }[] }[] }).seatbid[0]!.bid[0]!;
            const notice = new URL(bid.nurl.replace('${AUCTION_PRICE}', String(bid.price)));
            line += ` ${(await send(`${url}${notice.pathname}${notice.search}`, { agent })).body}`;
            if (s === 0) bids++;
          }
          answers[s]!.push(line);
        }
      }
      expect(bids).toBeGreaterThan(50);
      expect(answers[1]).toEqual(answers[0]);
      expect(new Set(answers[0]!.map((a) => a.split(' ', 2).join(' '))).size).toBeGreaterThan(2);
    } finally {
      agent.destroy();
      await Promise.all(servers.map((s) => s.server.close()));
    }
  });
});

const GOOD_ROW = ['0047df03-f8db-4fce-964e-9e87eb7fd777', 'shop-reengage', '31', '3.5', '32', '5', 'games|social', '25.4', 'false', ''];

/** A CSV profile file: the header, then rows (each a copy of GOOD_ROW with some cells replaced). */
function csvFile(name: string, rows: ReadonlyArray<Record<number, string>>, header = PROFILE_COLUMNS.map((c) => c.name)): string {
  const path = join(dir, name);
  const lines = rows.map((changes, i) => {
    const row = [...GOOD_ROW];
    row[0] = `${String(i).padStart(8, '0')}${row[0]!.slice(8)}`;
    for (const [k, v] of Object.entries(changes)) row[Number(k)] = v;
    return row.join(',');
  });
  writeFileSync(path, `${header.join(',')}\n${lines.join('\n')}\n`);
  return path;
}

async function refusal(path: string): Promise<ProfileFileError> {
  const e = await readProfileFile(path, scenario).then(() => undefined, (x: unknown) => x);
  expect(e).toBeInstanceOf(ProfileFileError);
  return e as ProfileFileError;
}

describe('a bad profile file', () => {
  it('is refused whole, naming the file, the line and the column', async () => {
    const cases: Array<[Record<number, string>, RegExp]> = [
      [{ 0: 'not-a-uuid' }, /column "ifa": expected an advertising id shaped like a UUID/],
      [{ 1: 'other-campaign' }, /column "campaign": no campaign 'other-campaign' in scenario quickstart \(it has shop-reengage\)/],
      [{ 2: '-3' }, /column "sessions_30d": expected a number ≥ 0 or null, got -3/],
      [{ 5: 'many' }, /column "installs_90d": expected a number ≥ 0 or null, got "many"/],
      [{ 6: 'games|knitting' }, /column "installed_categories": unknown app category 'knitting'/],
      [{ 8: 'maybe' }, /column "is_payer": expected true\/false or 1\/0, got "maybe"/],
    ];
    for (const [i, [change, message]] of cases.entries()) {
      const path = csvFile(`bad-${i}.csv`, [{}, {}, change, {}]);
      const e = await refusal(path);
      expect(e.code).toBe('RUN_PROFILE_FILE');
      // Line 4: the header, two good rows, then the bad one.
      expect(e.where).toBe(`${path}:4`);
      expect(e.message).toMatch(message);
    }
  });

  it('refuses a duplicate ifa, naming both lines', async () => {
    const path = join(dir, 'dup.csv');
    writeFileSync(path, [
      PROFILE_COLUMNS.map((c) => c.name).join(','),
      GOOD_ROW.join(','),
      [`11111111${GOOD_ROW[0]!.slice(8)}`, ...GOOD_ROW.slice(1)].join(','),
      [GOOD_ROW[0]!.toUpperCase(), ...GOOD_ROW.slice(1)].join(','),
    ].join('\n'));
    const e = await refusal(path);
    expect(e.where).toBe(`${path}:4`);
    expect(e.message).toMatch(/column "ifa": 0047DF03-F8DB-4FCE-964E-9E87EB7FD777 appears twice \(first at 2\)/);
  });

  it('refuses missing columns, naming them', async () => {
    const header = PROFILE_COLUMNS.map((c) => c.name).filter((n) => n !== 'is_payer' && n !== 'campaign');
    const path = join(dir, 'columns.csv');
    writeFileSync(path, `${header.join(',')}\n`);
    const e = await refusal(path);
    expect(e.where).toBe(path);
    expect(e.message).toMatch(/^.*missing column\(s\) campaign, is_payer; a profile file has ifa, campaign, /);
  });

  it('names the row of an Arrow file (1-based) and refuses an empty one', async () => {
    const path = join(dir, 'bad.arrow');
    const w = await ArrowTableWriter.open(path, PROFILE_COLUMNS.map((c) => ({ name: c.name, type: c.type })), { batchRows: 2 });
    const row = (ifa: string, sessions: number) => w.append([ifa, 'shop-reengage', sessions, 1, 1, 1, '', 3, false, null]);
    row('00000001-f8db-4fce-964e-9e87eb7fd777', 1);
    row('00000002-f8db-4fce-964e-9e87eb7fd777', 2);
    row('00000003-f8db-4fce-964e-9e87eb7fd777', 3);
    row('00000004-f8db-4fce-964e-9e87eb7fd777', Infinity);
    await w.close();
    const e = await refusal(path);
    expect(e.where).toBe(`${path}:4`);
    expect(e.message).toMatch(/column "sessions_30d": expected a number ≥ 0 or null, got Infinity/);

    const empty = join(dir, 'empty.arrow');
    await (await ArrowTableWriter.open(empty, PROFILE_COLUMNS.map((c) => ({ name: c.name, type: c.type })))).close();
    expect((await refusal(empty)).message).toMatch(/no profiles: the file has no rows/);
  });

  it('reads nulls in number columns as unknown (NaN) and no categories as none', async () => {
    const path = csvFile('nulls.csv', [{ 2: '', 8: '', 6: '' }]);
    const store = await readProfileFile(path, scenario);
    const p = store.get(`00000000${GOOD_ROW[0]!.slice(8)}`)!;
    expect(p.sessions30d).toBeNaN();
    expect(p.payer).toBeNaN();
    expect(p.daysSinceLastPurchase).toBeNaN();
    expect(p.installedCategories).toBe(0);
    expect(p.appOpensPerWeek).toBe(3.5);
  });
});
