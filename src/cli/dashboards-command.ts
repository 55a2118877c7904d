import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CommandModule } from 'yargs';
import { type BundleFile, formatProblem, validateSavedObjects } from '../dashboards/index.js';
import { BidlabError } from '../errors.js';
import { importSavedObjects, KibanaError } from '../io/kibana/index.js';

type SetExit = (code: number) => void;

interface DashboardsArgs {
  action: 'validate' | 'import';
  dir: string;
  esPrefix: string;
  kibana?: string;
  space?: string;
  kibanaApiKey?: string;
  kibanaUser?: string;
  kibanaPassword?: string;
}

/** The bundle shipped with bidlab, wherever the command is run from. */
const BUNDLED = fileURLToPath(new URL('../../dashboards', import.meta.url));

/** `bidlab dashboards validate|import`: checks the Kibana saved objects, or imports them into Kibana. */
export function dashboardsCommand(setExit: SetExit): CommandModule {
  return {
    command: 'dashboards <action>',
    describe: "Kibana dashboards: 'validate' the saved objects against themselves and the index templates; 'import' them into Kibana",
    builder: (y) => y
      .positional('action', { choices: ['validate', 'import'] as const, demandOption: true, describe: 'What to do' })
      .option('dir', { type: 'string', default: BUNDLED, defaultDescription: "bidlab's dashboards/", describe: 'Folder of saved-object NDJSON files' })
      .option('es-prefix', { type: 'string', default: 'bidlab-', describe: 'Prefix of the index names the data views must match' })
      .option('kibana', { type: 'string', describe: 'import: Kibana URL, e.g. http://127.0.0.1:5601 (env BIDLAB_KIBANA_URL)' })
      .option('space', { type: 'string', describe: 'import: Kibana space id (default: the default space)' })
      .option('kibana-api-key', { type: 'string', describe: 'import: API key (env BIDLAB_KIBANA_API_KEY; prefer the environment: arguments show in ps)' })
      .option('kibana-user', { type: 'string', describe: 'import: user for basic authentication (env BIDLAB_KIBANA_USER)' })
      .option('kibana-password', { type: 'string', describe: 'import: password for basic authentication (env BIDLAB_KIBANA_PASSWORD)' }),
    handler: async (a) => setExit(await dashboards(a as unknown as DashboardsArgs)),
  };
}

async function dashboards(a: DashboardsArgs): Promise<number> {
  const files = await bundleFiles(a.dir);
  const problems = validateSavedObjects(files, a.esPrefix);
  const objects = files.reduce((n, f) => n + f.text.split('\n').filter((l) => l.trim() !== '').length, 0);
  if (problems.length > 0) {
    process.stderr.write(`${problems.map(formatProblem).join('\n')}\nbidlab: ${problems.length} problem(s) in ${files.map((f) => f.path).join(', ')}${a.action === 'import' ? '; nothing imported' : ''}\n`);
    return 1;
  }
  if (a.action === 'validate') {
    process.stdout.write(`${objects} saved objects in ${files.length} file(s) (${files.map((f) => f.path).join(', ')}): lines parse, ids are unique, references resolve, panels match, fields fit the index templates\n`);
    return 0;
  }
  const env = process.env;
  const url = a.kibana ?? env['BIDLAB_KIBANA_URL'];
  if (!url) throw new KibanaError('KIBANA_NO_URL', 'say where Kibana is: --kibana <url> or BIDLAB_KIBANA_URL', '--kibana');
  const pick = (flag: string | undefined, name: string) => flag ?? (env[name] || undefined);
  const apiKey = pick(a.kibanaApiKey, 'BIDLAB_KIBANA_API_KEY');
  const username = pick(a.kibanaUser, 'BIDLAB_KIBANA_USER');
  const password = pick(a.kibanaPassword, 'BIDLAB_KIBANA_PASSWORD');
  for (const f of files) {
    const r = await importSavedObjects({
      url, ...(a.space !== undefined ? { space: a.space } : {}),
      ...(apiKey !== undefined ? { apiKey } : {}), ...(username !== undefined ? { username } : {}), ...(password !== undefined ? { password } : {}),
    }, f);
    process.stdout.write(`imported ${f.path}: ${r.successCount} saved objects${a.space ? ` into space ${a.space}` : ''}\n`);
  }
  return 0;
}

/** The folder's *.ndjson files in name order; a folder without any is an error, not an empty bundle. */
async function bundleFiles(dir: string): Promise<BundleFile[]> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => n.endsWith('.ndjson')).sort();
  } catch (e) {
    throw new BidlabError('DASHBOARDS_NO_DIR', `cannot read the folder (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`, dir);
  }
  if (names.length === 0) throw new BidlabError('DASHBOARDS_EMPTY', 'no .ndjson files of saved objects here', dir);
  const shown = (p: string) => (relative(process.cwd(), p).startsWith('..') ? p : relative(process.cwd(), p) || p);
  return Promise.all(names.map(async (n) => ({ path: shown(join(dir, n)), text: await readFile(join(dir, n), 'utf8') })));
}
