import { z } from 'zod';
import { attributionSchema } from './attribution-schema.js';
import { campaignSchema } from './campaign-schema.js';
import { marketSchema } from './market-schema.js';
import { comparisonSchema, policySchema } from './policy-schema.js';
import { slugSchema } from './scenario-enums.js';
import { trafficSchema } from './traffic-schema.js';
import { worldSchema } from './world-schema.js';

const outputSchema = z
  .strictObject({
    events: z
      .boolean()
      .default(true)
      .describe("Write events.arrow: one row per policy and opportunity from a user on a retargeting list (the decision, price, auction and outcome). `bidlab run --events/--no-events` overrides it. Default true."),
    eventSampleRate: z
      .number()
      .gt(0)
      .max(1)
      .default(1)
      .describe('Share of opportunities whose events are written, sampled by opportunity id (so every policy keeps the same ones). Default 1.'),
    qualitySampleRate: z
      .number()
      .gt(0)
      .max(1)
      .default(1)
      .describe(
        "Share of targeted opportunities on which every scoring policy (model, oracle) is asked for P(conversion) to measure AUC and calibration, whether or not it bids; sampled by opportunity id. Elsewhere a model is evaluated only where a request reaches pricing, so a lower share makes big runs faster. Default 1.",
      ),
  })
  .describe('What a run writes besides its summary.');

/**
 * The whole scenario file. Every object is strict (an unknown key is an error) and every default
 * is stated in the field's description, which the JSON Schema carries to editors.
 */
export const scenarioSchema = z
  .strictObject({
    name: slugSchema.describe("Scenario name, used in run ids and reports, e.g. 'quickstart'."),
    description: z.string().optional().describe('What the scenario is for, in a sentence or two.'),
    seed: z
      .int()
      .min(0)
      .describe('Root seed: every random stream (world, traffic, competitors, response) derives from it by name.'),
    world: worldSchema,
    traffic: trafficSchema,
    campaigns: z.array(campaignSchema).min(1).describe('The retargeting campaigns the bidder runs.'),
    market: marketSchema.prefault({}),
    attribution: attributionSchema.prefault({}),
    policies: z.array(policySchema).min(1).describe('The engine configurations to run over the same opportunities.'),
    comparison: comparisonSchema.prefault({}),
    output: outputSchema.prefault({}),
  })
  .meta({
    title: 'bidlab scenario',
    description:
      'A bidlab scenario: a synthetic world and its ad traffic, the retargeting campaigns, the market, attribution, and the bidding policies to compare. Money is USD; prices are CPM (USD per thousand impressions).',
  });

/** A scenario as written, before defaults (what the YAML file holds). */
export type ScenarioInput = z.input<typeof scenarioSchema>;
/** A scenario after validation, with every default filled in. */
export type ScenarioConfig = z.output<typeof scenarioSchema>;
