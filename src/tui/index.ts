export { compact, duration, money, percent } from './format.js';
export { progressLine, RunView } from './run-view.js';
