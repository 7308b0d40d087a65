import { CaseCommand } from '@chungtay/case';
import { builder } from '../builder.ts';
import { type AgencyPath, agencyPaths } from '../context.ts';
import type { CommandAnswer } from '../service-client.ts';

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

/** Every case command but the report that opens a case (that one is `receiveReport`). */
const commandTypes = CaseCommand.options
  .map((option) => option.shape.type.value)
  .filter((type) => type !== 'ReceiveReport');

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
        report: t.arg({ type: 'JSON', required: true }),
        idempotencyKey: t.arg.string({ description: 'Send the same key again to retry safely.' }),
      },
      resolve: (_root, { report, idempotencyKey }, context) =>
        context.caseService.post(
          '/cases',
          report,
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
        type: t.arg({ type: CaseCommandType, required: true }),
        data: t.arg({ type: 'JSON', required: true }),
        idempotencyKey: t.arg.string(),
      },
      resolve: (_root, { caseId, expectedRevision, type, data, idempotencyKey }, context) =>
        context.caseService.post(
          `/cases/${encodeURIComponent(String(caseId))}/commands`,
          { type, data },
          {
            token: context.caller.token,
            ifMatch: expectedRevision,
            ...(idempotencyKey ? { idempotencyKey } : {}),
          },
          'caseId',
        ),
    }),
    registerChild: t.field({
      type: CommandResultRef,
      description: 'Open a child’s record (the case service reports likely duplicates).',
      authScopes: { authenticated: true },
      args: {
        child: t.arg({ type: 'JSON', required: true }),
        idempotencyKey: t.arg.string(),
      },
      resolve: (_root, { child, idempotencyKey }, context) =>
        context.caseService.post(
          '/children',
          child,
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
