import type { Argv, CommandModule } from 'yargs';
import { createEsClient, ElasticsearchError, type EsConnection, installIndexTemplates, reachable, redactUrl } from '../io/elasticsearch/index.js';

type SetExit = (code: number) => void;

/** The connection options every command that talks to Elasticsearch takes. */
export interface EsArgs { es?: string; esApiKey?: string; esUser?: string; esPassword?: string; esCa?: string; esPrefix: string }

/** Adds --es, the credentials, --es-ca and --es-prefix to a command. Values never appear in output. */
export function withEsOptions<T>(y: Argv<T>): Argv<T & EsArgs> {
  return y
    .option('es', { type: 'string', describe: 'Elasticsearch URL, e.g. http://127.0.0.1:9200 (env BIDLAB_ES_URL)' })
    .option('es-api-key', { type: 'string', describe: 'API key (env BIDLAB_ES_API_KEY; prefer the environment: arguments show in ps)' })
    .option('es-user', { type: 'string', describe: 'User for basic authentication (env BIDLAB_ES_USER)' })
    .option('es-password', { type: 'string', describe: 'Password for basic authentication (env BIDLAB_ES_PASSWORD)' })
    .option('es-ca', { type: 'string', describe: "PEM file of the CA that signed the cluster's certificate (env BIDLAB_ES_CA)" })
    .option('es-prefix', { type: 'string', default: 'bidlab-', describe: 'Prefix of every index and template name' }) as unknown as Argv<T & EsArgs>;
}

/** The connection from the options, falling back to BIDLAB_ES_* environment variables. */
export function esConnectionFrom(a: EsArgs, env: NodeJS.ProcessEnv = process.env): EsConnection {
  const url = a.es ?? env['BIDLAB_ES_URL'];
  if (!url) throw new ElasticsearchError('ES_NO_URL', 'say where Elasticsearch is: --es <url> or BIDLAB_ES_URL', '--es');
  const pick = (flag: string | undefined, name: string) => flag ?? (env[name] || undefined);
  const apiKey = pick(a.esApiKey, 'BIDLAB_ES_API_KEY');
  const username = pick(a.esUser, 'BIDLAB_ES_USER');
  const password = pick(a.esPassword, 'BIDLAB_ES_PASSWORD');
  const caFile = pick(a.esCa, 'BIDLAB_ES_CA');
  return {
    url,
    ...(apiKey !== undefined ? { apiKey } : {}),
    ...(username !== undefined ? { username } : {}),
    ...(password !== undefined ? { password } : {}),
    ...(caFile !== undefined ? { caFile } : {}),
  };
}

/**
 * Runs work against the cluster; an Elasticsearch error that names no place (the cluster went
 * away, a request failed) is told as happening at the cluster's URL, with any credentials masked.
 */
export async function atCluster<T>(connection: EsConnection, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (e) {
    if (e instanceof ElasticsearchError && e.where === undefined) throw new ElasticsearchError(e.code, e.message, redactUrl(connection.url));
    throw e;
  }
}

/** `bidlab es setup`: installs bidlab's index and component templates (idempotent). */
export function esCommand(setExit: SetExit): CommandModule {
  return {
    command: 'es <action>',
    describe: 'Elasticsearch housekeeping (setup: install the index templates)',
    builder: (y) => withEsOptions(y.positional('action', { choices: ['setup'] as const, demandOption: true, describe: 'What to do' })),
    handler: async (a) => setExit(await setup(a as unknown as EsArgs)),
  };
}

async function setup(a: EsArgs): Promise<number> {
  const connection = esConnectionFrom(a);
  const client = createEsClient(connection);
  try {
    const t = await atCluster(connection, () => reachable(client, () => installIndexTemplates(client, a.esPrefix)));
    process.stdout.write(`installed at ${redactUrl(connection.url)}: component templates ${t.componentTemplates.join(', ')}; index templates ${t.indexTemplates.join(', ')}\n`);
    return 0;
  } finally {
    await client.close();
  }
}
