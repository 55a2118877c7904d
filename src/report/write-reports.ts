import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ComparisonReport } from './comparison-report.js';
import { reportHtml } from './report-html.js';
import { reportJson } from './report-json.js';
import { reportMarkdown } from './report-markdown.js';

export interface WrittenReports {
  readonly json: string;
  readonly markdown: string;
  readonly html: string;
}

/**
 * Writes report.json, report.md and report.html into `dir` (made if missing). All three are
 * rendered before anything is written, and each file goes to a temporary name first and is
 * renamed into place, so a failure never leaves a half-written report behind.
 */
export async function writeReports(dir: string, report: ComparisonReport): Promise<WrittenReports> {
  const files: Array<[string, string]> = [
    [join(dir, 'report.json'), reportJson(report)],
    [join(dir, 'report.md'), reportMarkdown(report)],
    [join(dir, 'report.html'), reportHtml(report)],
  ];
  await mkdir(dir, { recursive: true });
  const temps = files.map(([path]) => `${path}.partial`);
  try {
    await Promise.all(files.map(([, text], i) => writeFile(temps[i]!, text)));
    for (let i = 0; i < files.length; i++) await rename(temps[i]!, files[i]![0]);
  } catch (e) {
    await Promise.all(temps.map((t) => rm(t, { force: true })));
    throw e;
  }
  return { json: files[0]![0], markdown: files[1]![0], html: files[2]![0] };
}
