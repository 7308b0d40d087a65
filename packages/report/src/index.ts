export { CaseFolds, type FoldedCase, readLog, type Viewing } from './case-folds.ts';
export {
  type ComplianceLine,
  type ComplianceReport,
  type ComplianceScope,
  complianceOf,
} from './compliance.ts';
export { reportHtml } from './html.ts';
export {
  type AgencyFigures,
  ageBands,
  buildYearlyReport,
  type ChildFigures,
  type Counts,
  type DeadlineShare,
  type Figures,
  ReportBuilder,
  type ReportPeriod,
  type YearlyReport,
} from './indicators.ts';
export { label, percent } from './labels.ts';
export {
  type ReplayOptions,
  type ReplayReaders,
  type ReplayResult,
  replayAll,
} from './replay.ts';
export { mergeSummaries, type ReplaySummary, StatusFold } from './replay-fold.ts';
export { type Cell, reportSections, type Section } from './sections.ts';
export { reportXlsx } from './xlsx.ts';
