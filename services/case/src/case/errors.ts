/** A command that breaks a rule of the process: HTTP 422, naming the rule (and the field when there is one). */
export class CaseRuleViolation extends Error {
  override readonly name = 'CaseRuleViolation';
  constructor(
    readonly rule: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

/** The caller's role or commune may not take this step: HTTP 403. */
export class StepNotPermitted extends Error {
  override readonly name = 'StepNotPermitted';
}

/** A command for a case that does not exist: HTTP 404. */
export class CaseNotFound extends Error {
  override readonly name = 'CaseNotFound';
}
