import { CaseCommand } from '@chungtay/case';
import { ChildRegistered } from '@chungtay/contracts';
import { GraphQLError } from 'graphql';
import { builder } from '../builder.ts';
import { type AgencyPath, agencyPaths } from '../context.ts';
import type { CommandAnswer } from '../service-client.ts';
import { commandOf, inputTypeOf, oneOfInput, withoutNulls } from './contract-types.ts';

export const CommandResultRef = builder.objectRef<CommandAnswer>('CommandResult').implement({
  description: 'What a command recorded: the stream’s new revision and the events it appended.',
  fields: (t) => ({
    id: t.exposeID('id', { description: 'The case (or child) the command changed.' }),
    revision: t.exposeInt('revision'),
    events: t.exposeStringList('events'),
    caseNumber: t.string({
      nullable: true,
      description: 'A new case’s number, as officials cite it (e.g. 21583-2026-0042): the receipt’s.',
      resolve: (answer) => answer.caseNumber ?? null,
    }),
  }),
});

const commandsByType = new Map(
  CaseCommand.options.map((option) => [option.shape.type.value, option.shape.data]),
);
/** Every case command but the report that opens a case (that one is `receiveReport`). */
const commandTypes = [...commandsByType.keys()].filter((type) => type !== 'ReceiveReport');

const CaseCommandInput = oneOfInput(
  'CaseCommandInput',
  'A step of the case process with its data: exactly one field, named for the step (`completeInitialAssessment`, …).',
  commandTypes.map((type) => [
    type,
    commandsByType.get(type) as NonNullable<ReturnType<typeof commandsByType.get>>,
  ]),
);
const ReportInput = inputTypeOf(
  'ReceiveReport',
  commandsByType.get('ReceiveReport') as NonNullable<ReturnType<typeof commandsByType.get>>,
);

const ChildInput = inputTypeOf('RegisterChild', ChildRegistered);

/** A client's mistake in the arguments, said as the services say theirs: 400, the field named. */
const badArgument = (field: string, message: string) =>
  new GraphQLError(`${field}: ${message}`, {
    extensions: { code: 'BAD_USER_INPUT', field, http: { status: 400 } },
  });

export const CaseCommandType = builder.enumType('CaseCommandType', {
  description: 'A step of the case process (the case service decides who may take it).',
  values: commandTypes,
});

builder.mutationType({
  fields: (t) => ({
    receiveReport: t.field({
      type: CommandResultRef,
      description: 'J1: record a report (Form 01); opens the case. The case service validates it.',
      authScopes: { authenticated: true },
      args: {
        report: t.arg({ type: ReportInput, required: true }),
        idempotencyKey: t.arg.string({ description: 'Send the same key again to retry safely.' }),
      },
      resolve: (_root, { report, idempotencyKey }, context) =>
        context.caseService.post(
          '/cases',
          withoutNulls(report),
          { token: context.caller.token, ...(idempotencyKey ? { idempotencyKey } : {}) },
          'caseId',
        ),
    }),
    caseCommand: t.field({
      type: CommandResultRef,
      description:
        'J1–J3: take a step on a case (assessment, plan, police investigation, …) at the revision the caller read.',
      authScopes: { authenticated: true },
      args: {
        caseId: t.arg.id({ required: true }),
        expectedRevision: t.arg.int({ required: true }),
        command: t.arg({ type: CaseCommandInput, description: 'The step and its data, typed.' }),
        type: t.arg({
          type: CaseCommandType,
          deprecationReason: 'Send `command`, whose type says what the step needs.',
        }),
        data: t.arg({ type: 'JSON', deprecationReason: 'Send `command`.' }),
        idempotencyKey: t.arg.string(),
      },
      resolve: (_root, { caseId, expectedRevision, command, type, data, idempotencyKey }, context) => {
        if (command && (type || data))
          throw badArgument('command', 'send `command`, or `type` and `data`, not both');
        if (!command && !(type && data)) throw badArgument('command', 'the step to take is missing');
        const step = command ? commandOf(command, commandTypes) : { type, data };
        if (!step) throw badArgument('command', 'give exactly one step');
        return context.caseService.post(
          `/cases/${encodeURIComponent(String(caseId))}/commands`,
          step,
          {
            token: context.caller.token,
            ifMatch: expectedRevision,
            ...(idempotencyKey ? { idempotencyKey } : {}),
          },
          'caseId',
        );
      },
    }),
    registerChild: t.field({
      type: CommandResultRef,
      description: 'Open a child’s record (the case service reports likely duplicates).',
      authScopes: { authenticated: true },
      args: {
        child: t.arg({ type: ChildInput, required: true }),
        idempotencyKey: t.arg.string(),
      },
      resolve: (_root, { child, idempotencyKey }, context) =>
        context.caseService.post(
          '/children',
          withoutNulls(child),
          { token: context.caller.token, ...(idempotencyKey ? { idempotencyKey } : {}) },
          'childId',
        ),
    }),
  }),
});

const AgencyServiceRef = builder.enumType('AgencyService', {
  description:
    'The agency service a command goes to: legal aid (Justice), medical (health), school safety (Education).',
  values: Object.fromEntries(
    agencyPaths.map((path) => [path.toUpperCase().replace('-', '_'), { value: path }]),
  ) as Record<string, { value: AgencyPath }>,
});

builder.mutationField('agencyCommand', (t) =>
  t.field({
    type: CommandResultRef,
    description:
      'J3: an agency records its work on a case (legal advice, a medical examination, a school safety plan, …); `type` and `data` as the service defines them.',
    authScopes: { authenticated: true },
    args: {
      service: t.arg({ type: AgencyServiceRef, required: true }),
      caseId: t.arg.id({ required: true }),
      type: t.arg.string({ required: true }),
      data: t.arg({ type: 'JSON', required: true }),
      idempotencyKey: t.arg.string(),
    },
    resolve: (_root, { service, caseId, type, data, idempotencyKey }, context) =>
      context.agencyServices[service].post(
        `/cases/${encodeURIComponent(String(caseId))}/${service}`,
        { type, data },
        { token: context.caller.token, ...(idempotencyKey ? { idempotencyKey } : {}) },
        'caseId',
      ),
  }),
);
