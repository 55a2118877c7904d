export { AucAccumulator } from './auc.js';
export { type CalibrationBin, CalibrationAccumulator, type CalibrationReport } from './calibration.js';
export { PolicyMetrics, type PolicySummary } from './policy-metrics.js';
export { SavingsAccumulator, type SavingsSummary } from './savings.js';
