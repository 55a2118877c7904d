export { ArrivalSchedule } from './arrival-schedule.js';
export { parseDuration } from './duration.js';
export { LoadError, type LoadErrorCode } from './load-error.js';
export { type LoadReport, formatLoadReport, loadReport, type ThresholdResult } from './load-report.js';
export { type LoadMeasurements, type LoadProgress, type LoadRunOptions, readPayloads, runLoad } from './load-runner.js';
export { type LoadScenario, loadLoadScenario, loadScenarioSchema } from './load-scenario.js';
export { parseThreshold, passes, type Threshold } from './thresholds.js';
