export { CaseCommand, type CaseCommandType } from '@chungtay/contracts';
export { caseRoutes } from './api.ts';
export type { SystemCaller } from './application.ts';
export {
  actorFor,
  CaseApplication,
  canReadCase,
  caseStream,
  knowsStream,
  StaleRevision,
} from './application.ts';
export { type DeadlinePolicy, defaultDeadlinePolicy } from './case/deadline-policy.ts';
export { type Deadline, deadlinesOf, lateByHours, workingDaysLeft } from './case/deadlines.ts';
export {
  availableSteps,
  type CaseStep,
  type DecideContext,
  decide,
  mayReceiveReports,
} from './case/decide.ts';
export { CaseNotFound, CaseRuleViolation, StepNotPermitted } from './case/errors.ts';
export {
  type CaseState,
  type CaseStatus,
  type ChunkedList,
  caseFactsOf,
  evolve,
  initialCaseState,
  monitoringVisitsOf,
  type Party,
  type Writer,
} from './case/state.ts';
export {
  type CaseSummary,
  caseSummary,
  type DeadlineFacts,
  visibleDeadlines,
} from './case/summary.ts';
export { childRoutes } from './child/api.ts';
export { ChildApplication, type ChildCommandResult, childStream } from './child/application.ts';
export { ChildIndex, indexSecretFrom, normaliseName } from './child/blind-index.ts';
export {
  availableChildSteps,
  CHILD_STEPS,
  ChildCommand,
  type ChildCommandType,
  type ChildState,
  type ChildStep,
  childStepPermitted,
  type DuplicateCandidate,
  decideChild,
  evolveChild,
  initialChildState,
  maySearchChildren,
} from './child/child.ts';
export { DeadlineWatcher, type DeadlineWatcherOptions } from './deadline-watcher.ts';
export { CaseEnvironment } from './environment.ts';
export type { CaseService } from './service.ts';
export { createCaseService } from './service.ts';
