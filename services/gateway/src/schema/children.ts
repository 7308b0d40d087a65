import { CHILD_STEPS, ChildCommand, type ChildStep } from '@chungtay/case';
import {
  BirthRegistrationStatuses,
  ChildRegistered,
  ChildSupportRecorded,
  DuplicateReasons,
  type PossibleDuplicateFlagged,
  Sexes,
  SpecialCircumstanceGroups,
} from '@chungtay/contracts';
import { GraphQLError } from 'graphql';
import type { z } from 'zod';
import { builder } from '../builder.ts';
import type { GatewayContext } from '../context.ts';
import {
  commandOf,
  enumTypeOf,
  markerOf,
  oneOfInput,
  outputTypeOf,
  type Withheld,
  WithheldRef,
} from './contract-types.ts';
import { CommandResultRef } from './mutations.ts';

/**
 * The child records (issue 18, Children): found by name or personal ID number, read, and acted on through
 * the case service, which holds their rules (who reads which record, who takes which step) and their data.
 */

/** A record as the case service answers it: its state, the child's identity (or a mask), its story. */
interface ChildRecordBody {
  readonly childId: string;
  readonly revision: number;
  readonly communeCode?: string;
  readonly sex?: z.infer<typeof Sexes.schema> | Readonly<Record<string, unknown>>;
  readonly birthYear?: unknown;
  readonly birthRegistration?: z.infer<typeof BirthRegistrationStatuses.schema>;
  readonly specialCircumstances: ReadonlyArray<z.infer<typeof SpecialCircumstanceGroups.schema>>;
  readonly cases: readonly string[];
  readonly erased: boolean;
  readonly registeredAt?: string;
  readonly details: Readonly<Record<string, unknown>>;
  readonly support: ReadonlyArray<Readonly<Record<string, unknown>>>;
  readonly duplicates: readonly Duplicate[];
  readonly availableSteps: readonly ChildStep[];
}

interface Duplicate {
  readonly childId: string;
  readonly reason: z.infer<typeof PossibleDuplicateFlagged>['reason'];
  readonly flaggedAt: string;
  readonly status: 'POSSIBLE' | 'CONFIRMED' | 'DISMISSED';
  readonly decidedAt?: string;
}

const ChildDetailsRef = outputTypeOf(
  'ChildDetails',
  ChildRegistered.pick({
    fullName: true,
    birthDate: true,
    estimatedBirthYear: true,
    ethnicity: true,
    personalIdNumber: true,
  }).partial(),
);
const ChildSupportRef = outputTypeOf('ChildSupport', ChildSupportRecorded);
const SpecialCircumstanceGroupRef = enumTypeOf(SpecialCircumstanceGroups.schema);
const SexRef = enumTypeOf(Sexes.schema);
const BirthRegistrationRef = enumTypeOf(BirthRegistrationStatuses.schema);
const DuplicateReasonRef = enumTypeOf(DuplicateReasons.schema);
const DuplicateStatusRef = builder.enumType('DuplicateStatus', {
  description: 'POSSIBLE until a person confirms the two records are one child, or dismisses it.',
  values: ['POSSIBLE', 'CONFIRMED', 'DISMISSED'] as const,
});
const ChildStepRef = builder.enumType('ChildStep', {
  description: 'A step on a child record (the case service decides who may take it).',
  values: CHILD_STEPS,
});

const recordOf = async (context: GatewayContext, childId: string): Promise<ChildRecordBody | undefined> =>
  (await context.caseService.read(`/children/${encodeURIComponent(childId)}`, {
    token: context.caller.token,
  })) as ChildRecordBody | undefined;

const shown = <T>(value: T): T | null => (value === undefined || markerOf(value) ? null : value);

const DuplicateRef = builder.objectRef<Duplicate>('ChildDuplicate').implement({
  description: 'Another record intake found may be the same child, and what a person decided.',
  fields: (t) => ({
    childId: t.exposeID('childId'),
    reason: t.field({ type: DuplicateReasonRef, resolve: (duplicate) => duplicate.reason }),
    flaggedAt: t.exposeString('flaggedAt'),
    status: t.expose('status', { type: DuplicateStatusRef }),
    decidedAt: t.string({ nullable: true, resolve: (duplicate) => duplicate.decidedAt ?? null }),
    record: t.field({
      type: ChildRecordRef,
      nullable: true,
      description: 'The other record, to compare, when the reader may read it (null otherwise).',
      resolve: async (duplicate, _args, context) => (await recordOf(context, duplicate.childId)) ?? null,
    }),
  }),
});

const ChildRecordRef = builder.objectRef<ChildRecordBody>('ChildRecord');
ChildRecordRef.implement({
  description:
    'A child’s record: who the child is (masked for those who see identities masked), the special circumstances, birth registration, the support given, the cases, and the possible duplicates to decide.',
  fields: (t) => ({
    childId: t.exposeID('childId'),
    revision: t.exposeInt('revision', { description: 'Send it back as expectedRevision when changing it.' }),
    communeCode: t.string({ nullable: true, resolve: (record) => record.communeCode ?? null }),
    sex: t.field({
      type: SexRef,
      nullable: true,
      resolve: (record) => (typeof record.sex === 'string' ? record.sex : null),
    }),
    birthYear: t.int({ nullable: true, resolve: (record) => shown(record.birthYear) as number | null }),
    birthRegistration: t.field({
      type: BirthRegistrationRef,
      nullable: true,
      resolve: (record) => record.birthRegistration ?? null,
    }),
    specialCircumstances: t.field({
      type: [SpecialCircumstanceGroupRef],
      resolve: (record) => [...record.specialCircumstances],
    }),
    cases: t.idList({ resolve: (record) => [...record.cases] }),
    erased: t.exposeBoolean('erased', { description: 'The child’s personal data was erased.' }),
    registeredAt: t.string({ nullable: true, resolve: (record) => record.registeredAt ?? null }),
    details: t.field({
      type: ChildDetailsRef,
      nullable: true,
      description: 'Who the child is; null when masked for the reader (see `withheld`).',
      resolve: (record) => shown(record.details),
    }),
    support: t.field({ type: [ChildSupportRef], resolve: (record) => [...record.support] }),
    duplicates: t.field({ type: [DuplicateRef], resolve: (record) => [...record.duplicates] }),
    availableSteps: t.field({
      type: [ChildStepRef],
      description: 'The steps the reader may take on the record now (the case service still judges each).',
      resolve: (record) => [...record.availableSteps],
    }),
    withheld: t.field({
      type: [WithheldRef],
      description: 'The fields that read null because they are withheld from this reader, and why.',
      resolve: (record) =>
        (['sex', 'birthYear', 'details'] as const).flatMap((field): Withheld[] => {
          const reason = markerOf(record[field]);
          return reason ? [{ field, reason }] : [];
        }),
    }),
  }),
});

builder.queryFields((t) => ({
  childRecord: t.field({
    type: ChildRecordRef,
    nullable: true,
    description:
      'A child record the caller reads; one they may not read is answered like one that does not exist.',
    authScopes: { authenticated: true },
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_root, { id }, context) => (await recordOf(context, String(id))) ?? null,
  }),
  children: t.field({
    type: [ChildRecordRef],
    description:
      'The records the caller reads with this whole name (diacritics, case and spacing aside) or this personal ID number: give one of the two. At most 20.',
    authScopes: { authenticated: true },
    args: {
      fullName: t.arg.string(),
      personalIdNumber: t.arg.string(),
    },
    resolve: async (_root, { fullName, personalIdNumber }, context) => {
      const answer = await context.caseService.read(
        '/children/search',
        { token: context.caller.token },
        {
          ...(fullName != null ? { fullName } : {}),
          ...(personalIdNumber != null ? { personalIdNumber } : {}),
        },
      );
      return [...((answer?.children as ChildRecordBody[] | undefined) ?? [])];
    },
  }),
}));

const childStepTypes: readonly string[] = CHILD_STEPS;
const ChildCommandInput = oneOfInput(
  'ChildCommandInput',
  'A step on a child record with its data: exactly one field, named for the step (`confirmDuplicate`, …).',
  ChildCommand.options
    .filter((option) => childStepTypes.includes(option.shape.type.value))
    .map((option) => [option.shape.type.value, option.shape.data] as const),
);

builder.mutationField('childCommand', (t) =>
  t.field({
    type: CommandResultRef,
    description:
      'Take a step on a child record at the revision the caller read (confirm a duplicate, record support, …).',
    authScopes: { authenticated: true },
    args: {
      childId: t.arg.id({ required: true }),
      expectedRevision: t.arg.int({ required: true }),
      command: t.arg({ type: ChildCommandInput, required: true }),
      idempotencyKey: t.arg.string(),
    },
    resolve: (_root, { childId, expectedRevision, command, idempotencyKey }, context) => {
      const step = commandOf(command, childStepTypes);
      if (!step)
        throw new GraphQLError('command: give exactly one step', {
          extensions: { code: 'BAD_USER_INPUT', field: 'command', http: { status: 400 } },
        });
      return context.caseService.post(
        `/children/${encodeURIComponent(String(childId))}/commands`,
        step,
        {
          token: context.caller.token,
          ifMatch: expectedRevision,
          ...(idempotencyKey ? { idempotencyKey } : {}),
        },
        'childId',
      );
    },
  }),
);
