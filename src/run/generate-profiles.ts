import { APP_CATEGORIES } from '../domain/index.js';
import { type ArrowCell, ArrowTableWriter } from '../io/arrow/index.js';
import { RandomStreams, type RootSeed } from '../rng/index.js';
import type { Scenario } from '../scenario/index.js';
import { buildPopulation, IfaSource } from '../world/index.js';
import { PROFILE_COLUMNS } from './read-profile-file.js';

export interface ProfileSetOptions {
  /** The Arrow IPC file to write (under `<out>.partial`, renamed at the end). */
  readonly out: string;
  readonly seed?: RootSeed;
}

export interface ProfileSetSummary {
  readonly profiles: number;
  readonly path: string;
}

/**
 * Writes the profile store of a scenario's synthetic world, the campaigns' users keyed by
 * advertising id, as an Arrow IPC file (PROFILE_COLUMNS): what `bidlab serve --profiles` loads
 * instead of building the world, and the shape a production export takes. The same users, in
 * the same order, with the same values as the embedded store (PopulationProfiles), so a server
 * answers alike from either. The same scenario and seed give a byte-identical file.
 */
export async function generateProfileSet(scenario: Scenario, options: ProfileSetOptions): Promise<ProfileSetSummary> {
  const streams = new RandomStreams(options.seed ?? scenario.seed);
  const p = buildPopulation(scenario, streams);
  const ifas = new IfaSource(streams);
  const writer = await ArrowTableWriter.open(options.out, PROFILE_COLUMNS.map((c) => ({ name: c.name, type: c.type })));
  const row: ArrowCell[] = new Array<ArrowCell>(PROFILE_COLUMNS.length);
  try {
    for (let u = 0; u < p.size; u++) {
      const campaign = p.campaign[u]!;
      if (campaign < 0) continue;
      const purchase = p.daysSinceLastPurchase[u]!;
      row[0] = ifas.ifa(u);
      row[1] = scenario.campaigns[campaign]!.id;
      row[2] = p.sessions30d[u]!;
      row[3] = p.appOpensPerWeek[u]!;
      row[4] = p.inAppEvents30d[u]!;
      row[5] = p.installs90d[u]!;
      row[6] = categoryNames(p.installedCategories[u]!);
      row[7] = p.lapsedDays[u]!;
      row[8] = p.payer[u]! === 1;
      row[9] = purchase < 0 ? null : purchase;
      writer.append(row);
    }
    await writer.close();
  } catch (error) {
    await writer.abort();
    throw error;
  }
  return { profiles: writer.rowCount, path: options.out };
}

function categoryNames(bits: number): string {
  return APP_CATEGORIES.filter((_, i) => (bits >>> i) & 1).join('|');
}
