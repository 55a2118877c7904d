export { AucAccumulator } from './auc.js';
export { type CalibrationBin, CalibrationAccumulator, type CalibrationReport } from './calibration.js';
export { PolicyMetrics, type PolicySummary } from './policy-metrics.js';
export { SavingsAccumulator, type SavingsSummary } from './savings.js';
export { bootstrapIntervals, type BootstrapIntervals, type Interval, percentileInterval } from './bootstrap-intervals.js';
export { MetricsError, type MetricsErrorCode } from './metrics-error.js';
export {
  BOOTSTRAP_METRICS, type BootstrapFigures, type BootstrapMetric, CHANGE_METRICS, type ChangeMetric, userBootstrap, type UserBootstrap,
  type UserBootstrapOptions,
} from './user-bootstrap.js';
export { USER_COLUMNS, type UserColumn, UserTotals } from './user-totals.js';
export { EXIT_CODES, evaluateGate, type GateCheck, type GateEvidence, gateExitCode, type GateVerdict } from './gate.js';
export {
  CALIBRATION_MEASURES, type CalibrationMeasure, GATE_RULE_SYNTAX, type GateMeasure, type GateRule, measureName, parseGateRule,
} from './gate-rule.js';
export { comparisonStatisticsFields, gateRuleSchema } from './gate-schema.js';
export { SavingsCurveAccumulator, type SavingsPoint } from './savings-curve.js';
export {
  ACTIVITY_BOUNDS, activityBucket, RECENCY_BOUNDS, recencyBucket, SEGMENT_DIMENSIONS, SEGMENT_LABELS, type SegmentCodes, segmentCodes,
  type SegmentDimension, writeSegmentCodes,
} from './segment-buckets.js';
export { type SegmentBreakdown, type SegmentBucket, type SegmentFigures, SegmentMetrics } from './segment-metrics.js';
export { type PolicyTimeline, SpendTimeline, type TimelineReport } from './spend-timeline.js';
export { ComparisonAccumulators } from './comparison-accumulators.js';
