export { canReadCase, caseRoutes } from './api.ts';
export { actorFor, CaseApplication, caseStream, StaleRevision } from './application.ts';
export { CaseCommand, type CaseCommandType } from './case/commands.ts';
export { type DeadlinePolicy, defaultDeadlinePolicy } from './case/deadline-policy.ts';
export { type Deadline, deadlinesOf } from './case/deadlines.ts';
export { type DecideContext, decide } from './case/decide.ts';
export { CaseNotFound, CaseRuleViolation, StepNotPermitted } from './case/errors.ts';
export { type CaseState, type CaseStatus, evolve, initialCaseState } from './case/state.ts';
export { createCaseService } from './service.ts';
