import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, run } from '../helpers/cli.js';

const TSC = join(ROOT, 'node_modules/typescript/bin/tsc');
const LOAD = join(ROOT, 'load');

describe('k6 scripts (load/*.ts)', () => {
  it('type-check against @types/k6', async () => {
    const r = await run(process.execPath, [TSC, '-p', join(LOAD, 'tsconfig.json')]);
    expect(r.stdout + r.stderr).toBe('');
    expect(r.code).toBe(0);
  });

  it('one script per shipped scenario definition', () => {
    const scripts = readdirSync(LOAD).filter((f) => f.endsWith('.ts') && f !== 'bid-test.ts').map((f) => f.replace(/\.ts$/, '')).sort();
    const definitions = readdirSync(join(LOAD, 'scenarios')).map((f) => f.replace(/\.json$/, '')).sort();
    expect(scripts).toEqual(definitions);
  });

  it('the check is real: a misuse of the k6 API fails it', async () => {
    const dir = mkdtempSync(join(LOAD, '.typecheck-'));
    try {
      writeFileSync(join(dir, 'bad.ts'), "import http from 'k6/http';\nexport default function () { http.post(42); }\n");
      writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ extends: '../tsconfig.json', include: ['*.ts'] }));
      const r = await run(process.execPath, [TSC, '-p', join(dir, 'tsconfig.json')]);
      expect(r.code).not.toBe(0);
      expect(r.stdout).toMatch(/bad\.ts\(2,\d+\): error TS/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
