import type { CaseCommand, IssueReferralData } from '@chungtay/contracts/browser';
import type { z } from 'zod';
import type { VariablesOf } from '../graphql.ts';
import type { ISSUE_REFERRAL, TAKE_STEP } from './step-form.tsx';

/**
 * What a person sends, as the contracts type it, less what only a read gives back: a personal field reads as
 * `{ $erased: true }` once its subject is erased, and nobody sends that.
 */
export type Sent<T> = T extends { readonly $erased: true }
  ? never
  : T extends ReadonlyArray<infer Item>
    ? Sent<Item>[]
    : T extends object
      ? { [Key in keyof T]: Sent<T[Key]> }
      : T;

const holdsErased = (value: unknown): boolean =>
  typeof value === 'object' &&
  value !== null &&
  ('$erased' in value || Object.values(value).some((inner) => holdsErased(inner)));

/** Data a form checked with the contracts' schema, as sent: refused if it holds an erased marker. */
export function sent<T>(value: T): Sent<T> {
  if (holdsErased(value)) throw new Error('an erased value is never sent');
  return value as Sent<T>;
}

type StepType = Exclude<CaseCommand['type'], 'ReceiveReport'>;
type CommandInput = VariablesOf<typeof TAKE_STEP>['command'];
type StepData<Step extends StepType> = Sent<Extract<CaseCommand, { type: Step }>['data']>;
/** gql.tada types a @oneOf input as a union of one-field objects: the one for this step. */
type InputOf<Step extends StepType> = CommandInput extends infer One
  ? One extends { readonly [Field in Uncapitalize<Step>]: infer Data }
    ? Data
    : never
  : never;

/**
 * Proof at compile time, for every step, that data the contracts' schema accepts fits the gateway's input
 * type for it: a schema change on either side that parts them fails `pnpm typecheck`.
 */
type Fits = { [Step in StepType]: StepData<Step> extends InputOf<Step> ? true : Step };
type Misfits = Exclude<Fits[StepType], true>;
export const everyStepFits: [Misfits] extends [never] ? true : Misfits = true;
type ReferralFits =
  Sent<z.output<typeof IssueReferralData>> extends VariablesOf<typeof ISSUE_REFERRAL>['referral']
    ? true
    : false;
export const referralFits: ReferralFits = true;

/** A step as a @oneOf input: its one field named for it (`TakeCase` → `takeCase`), holding its data. */
export const oneOfField = (
  step: string,
  data: Readonly<Record<string, unknown>>,
): Record<string, unknown> => ({
  [`${step.charAt(0).toLowerCase()}${step.slice(1)}`]: sent(data),
});

/** A step as the gateway's `CaseCommandInput`. */
export function commandInput(step: StepType, data: Readonly<Record<string, unknown>>): CommandInput {
  // The key is computed, so the type is asserted here; `everyStepFits` proves each step's data fits.
  return oneOfField(step, data) as CommandInput;
}
