export { compareTable } from './compare-table.js';
export { type CompareProgress, CompareView } from './compare-view.js';
export { compact, duration, money, percent } from './format.js';
export { progressLine, RunView } from './run-view.js';
