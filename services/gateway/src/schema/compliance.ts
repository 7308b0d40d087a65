import { lateByHours } from '@chungtay/case';
import { accessTo, canSeeCase } from '@chungtay/policy';
import { GraphQLError } from 'graphql';
import { builder } from '../builder.ts';
import { readerOf } from './case.ts';

interface CaseLine {
  readonly caseId: string;
  readonly status: string;
  readonly met: number;
  readonly metLate: number;
  /** Done in time by the stated time, recorded after the miss was: never met in time (decision 0040). */
  readonly recordedLate: number;
  readonly overdue: number;
  readonly open: number;
  /** The worst lateness among its deadlines (met late or overdue), in hours. */
  readonly worstLateHours: number | null;
  readonly unansweredReferrals: number;
  readonly stale: boolean;
}

interface CommuneCompliance {
  readonly communeCode: string;
  readonly from: string | null;
  readonly to: string | null;
  readonly cases: readonly CaseLine[];
}

const CaseLineRef = builder.objectRef<CaseLine>('CaseComplianceLine').implement({
  description: 'One case of a compliance report: its deadlines by outcome and its unanswered referrals.',
  fields: (t) => ({
    caseId: t.exposeID('caseId'),
    status: t.exposeString('status'),
    met: t.exposeInt('met'),
    metLate: t.exposeInt('metLate'),
    recordedLate: t.exposeInt('recordedLate', {
      description: 'Deadlines done in time by the stated time but recorded after the miss was recorded.',
    }),
    overdue: t.exposeInt('overdue'),
    open: t.exposeInt('open'),
    worstLateHours: t.exposeFloat('worstLateHours', { nullable: true }),
    unansweredReferrals: t.exposeInt('unansweredReferrals'),
    stale: t.exposeBoolean('stale', {
      description: 'The read model is behind this case: read the case itself.',
    }),
  }),
});

const CommuneComplianceRef = builder.objectRef<CommuneCompliance>('CommuneCompliance').implement({
  description: 'Deadline compliance of a commune’s cases received in a period (J4, inspection).',
  fields: (t) => ({
    communeCode: t.exposeString('communeCode'),
    from: t.exposeString('from', { nullable: true }),
    to: t.exposeString('to', { nullable: true }),
    cases: t.field({ type: [CaseLineRef], resolve: (report) => [...report.cases] }),
    deadlinesMet: t.int({ resolve: (report) => report.cases.reduce((sum, line) => sum + line.met, 0) }),
    deadlinesMetLate: t.int({
      resolve: (report) => report.cases.reduce((sum, line) => sum + line.metLate, 0),
    }),
    deadlinesRecordedLate: t.int({
      resolve: (report) => report.cases.reduce((sum, line) => sum + line.recordedLate, 0),
    }),
    deadlinesOverdue: t.int({
      resolve: (report) => report.cases.reduce((sum, line) => sum + line.overdue, 0),
    }),
    unansweredReferrals: t.int({
      resolve: (report) => report.cases.reduce((sum, line) => sum + line.unansweredReferrals, 0),
    }),
  }),
});

const instant = (field: string, value: string | null | undefined): Date | undefined => {
  if (value == null) return undefined;
  const date = new Date(value);
  if (Number.isNaN(date.getTime()))
    throw new GraphQLError(`${field}: an ISO 8601 instant`, {
      extensions: { code: 'BAD_USER_INPUT', field },
    });
  return date;
};

builder.queryField('communeCompliance', (t) =>
  t.field({
    type: CommuneComplianceRef,
    description:
      'Every legal deadline of a commune’s cases received in [from, to): met, met late or overdue, and referrals left unanswered. For roles that see deadlines in full, over the communes they see.',
    authScopes: { authenticated: true },
    args: {
      communeCode: t.arg.string({ required: true }),
      from: t.arg.string(),
      to: t.arg.string(),
    },
    resolve: async (_root, args, context) => {
      const reader = readerOf(context);
      if (
        accessTo(reader.role, 'deadlines') !== 'visible' ||
        !canSeeCase(reader, { communeCode: args.communeCode, involvedAgencies: [], involvedParties: [] })
      )
        throw new GraphQLError('your role does not see this commune’s compliance', {
          extensions: { code: 'FORBIDDEN' },
        });
      const from = instant('from', args.from);
      const to = instant('to', args.to);
      const now = context.cases.now();
      const rows = await context.queue.ofCommune(
        args.communeCode,
        { ...(from ? { from } : {}), ...(to ? { to } : {}) },
        now,
      );
      const cases = rows.map((row): CaseLine => {
        const deadlines = context.cases.deadlines(row.state, now);
        const count = (status: string) => deadlines.filter((deadline) => deadline.status === status).length;
        const lateness = deadlines.flatMap((deadline) => lateByHours(deadline, now) ?? []);
        return {
          caseId: row.caseId,
          status: row.status,
          met: count('MET'),
          metLate: count('MET_LATE'),
          recordedLate: count('RECORDED_LATE'),
          overdue: count('OVERDUE'),
          open: count('OPEN'),
          worstLateHours: lateness.length > 0 ? Math.max(...lateness) : null,
          unansweredReferrals: row.unansweredReferrals,
          stale: row.stale,
        };
      });
      return {
        communeCode: args.communeCode,
        from: from?.toISOString() ?? null,
        to: to?.toISOString() ?? null,
        cases,
      };
    },
  }),
);
