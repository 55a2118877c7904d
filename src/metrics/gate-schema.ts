import { z } from 'zod';
import { GATE_RULE_SYNTAX, parseGateRule } from './gate-rule.js';
import { MetricsError } from './metrics-error.js';

/** One gate rule as a scenario writes it; parsed into a GateRule. */
export const gateRuleSchema = z
  .string()
  .transform((text, ctx) => {
    try {
      return parseGateRule(text);
    } catch (e) {
      if (!(e instanceof MetricsError)) throw e;
      ctx.issues.push({ code: 'custom', message: e.message.replace(/^gate: /, ''), input: text });
      return z.NEVER;
    }
  })
  .describe(`A threshold the challenger must meet: ${GATE_RULE_SYNTAX}.`);

/**
 * The scenario's `comparison` fields for the statistics and the go/no-go gate; spread them into
 * the comparison schema: `z.strictObject({ ...existing, ...comparisonStatisticsFields })`.
 */
export const comparisonStatisticsFields = {
  gate: z
    .array(gateRuleSchema)
    .default([])
    .describe("Rules the challenger must meet against the champion for a PASS, e.g. ['roi-diff>=0@95', 'conversions-drop<=2%', 'ece<=0.02']; `bidlab compare --gate` adds more. Default none (always PASS)."),
  resamples: z.int().min(100).max(100_000).default(1000).describe('Bootstrap resamples for the confidence intervals. Default 1000.'),
  confidence: z.number().gt(0.5).lt(1).default(0.95).describe('Two-sided level of the reported intervals. Default 0.95.'),
};
