import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tableFromIPC } from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, ensureBuilt, ROOT, runCli } from '../helpers/cli.js';
import { send } from './bid-server-harness.js';

const dir = mkdtempSync(join(tmpdir(), 'bidlab-serve-profiles-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const profiles = join(dir, 'profiles.arrow');
let generated = '';

beforeAll(async () => {
  await ensureBuilt();
  const r = await runCli(['generate', 'scenarios/quickstart.yaml', '--kind', 'profiles', '--out', profiles]);
  expect(r.code, r.stderr).toBe(0);
  expect(r.stderr).toMatch(/^bidlab generate: \d+ user profiles of 1 campaign\(s\) → .*profiles\.arrow\n$/);
  generated = /(\d+) user profiles/.exec(r.stderr)![1]!;
});

describe('bidlab generate --kind profiles', () => {
  it('writes the same bytes every time', async () => {
    const again = join(dir, 'again.arrow');
    expect((await runCli(['generate', 'scenarios/quickstart.yaml', '--kind', 'profiles', '--out', again])).code).toBe(0);
    expect(readFileSync(again).equals(readFileSync(profiles))).toBe(true);
  });
});

describe('bidlab serve --profiles', () => {
  it('loads the file instead of the world and bids on its users', async () => {
    const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--profiles', profiles], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        child.stderr!.setEncoding('utf8').on('data', (s: string) => {
          err += s;
          const m = /listening on (http:\/\/\S+)\/openrtb2\/bid/.exec(err);
          if (m) resolve(m[1]!);
        });
        child.on('exit', (code) => reject(new Error(`bidlab serve exited ${code}: ${err}`)));
      });
      expect(err).toContain(`, ${generated} profiles from ${profiles};`);
      const member = String(tableFromIPC(readFileSync(profiles)).getChild('ifa')!.get(0));
      const request = { id: 'r1', tmax: 500, imp: [{ id: '1', banner: { w: 320, h: 50 }, bidfloor: 0.01 }], app: { bundle: 'com.pub', cat: ['IAB9'] }, device: { ifa: member, os: 'android', geo: { country: 'USA' } } };
      const stranger = { ...request, id: 'r2', device: { ...request.device, ifa: '00000000-0000-4000-8000-000000000000' } };
      const known = await send(`${url}/openrtb2/bid`, { body: JSON.stringify(request) });
      const unknown = await send(`${url}/openrtb2/bid`, { body: JSON.stringify(stranger) });
      // A user not in the store cannot be matched, whatever else the request says; one in the file is.
      expect(unknown.status).toBe(204);
      expect(unknown.headers['x-bidlab-no-bid-reason']).toBe('unmatched-user');
      expect([200, 204]).toContain(known.status);
      expect(known.headers['x-bidlab-no-bid-reason']).not.toBe('unmatched-user');
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
  });

  it('refuses a bad file before listening, naming the file, line and column', async () => {
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, 'ifa,campaign,sessions_30d,app_opens_per_week,in_app_events_30d,installs_90d,installed_categories,days_since_last_open,is_payer,days_since_last_purchase\n'
      + '0047df03-f8db-4fce-964e-9e87eb7fd777,shop-reengage,31,3.5,32,5,games,25.4,false,\n'
      + '1047df03-f8db-4fce-964e-9e87eb7fd777,nobody,31,3.5,32,5,games,25.4,false,\n');
    const r = await runCli(['serve', '--port', '0', '--profiles', bad]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`bidlab: error RUN_PROFILE_FILE: ${bad}:3: column "campaign": no campaign 'nobody' in scenario quickstart (it has shop-reengage)\n`);
    // With workers, each finds it; the primary says it once and none is left running.
    const workers = await runCli(['serve', '--port', '0', '--profiles', bad, '--workers', '2']);
    expect(workers.code).toBe(2);
    expect(workers.stderr).toBe(r.stderr);
    const both = await runCli(['serve', '--port', '0', '--profiles', profiles, '--seed', '7']);
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/--seed: a profile file is not built from a seed/);
  });
});
