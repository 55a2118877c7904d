export {
  type ComparisonReport, REPORT_FORMAT_VERSION, type ReportModel, type ReportPolicy, type SavingsCurve, type SeedResult,
} from './comparison-report.js';
export { REPORT_CHART_IDS, reportHtml } from './report-html.js';
export { reportJson } from './report-json.js';
export { reportMarkdown } from './report-markdown.js';
export { type SummaryRow, summaryRows } from './summary-rows.js';
export { writeReports, type WrittenReports } from './write-reports.js';
