import {
  actorFor,
  availableSteps,
  type CaseState,
  caseFactsOf,
  type Deadline,
  evolve,
  initialCaseState,
  lateByHours,
  mayReceiveReports,
  maySearchChildren,
  visibleDeadlines,
} from '@chungtay/case';
import {
  agencyOfRole,
  type CaseEvent,
  CaseStatuses,
  ChildOnReport,
  caseEventDefinitions,
  FormsOfHarm,
  ReportCategories,
  type Role,
  Roles,
} from '@chungtay/contracts';
import type { RecordedEvent } from '@chungtay/event-store';
import {
  accessTo,
  canSeeCase,
  caseScopeOf,
  concerns,
  handedOverBy,
  lens,
  MASKED,
  partyOf,
  type Reader,
} from '@chungtay/policy';
import { evolveReferrals, initialReferralsState, mayIssueReferrals, unanswered } from '@chungtay/referral';
import type { CaseViewing } from '@chungtay/service-kit';
import { resolveArrayConnection, resolveOffsetConnection } from '@pothos/plugin-relay';
import { GraphQLError } from 'graphql';
import { builder } from '../builder.ts';
import { type GatewayContext, noteRead } from '../context.ts';
import { contentTypeOf, outputTypeOf } from './contract-types.ts';
import { CaseCommandType } from './mutations.ts';

/** A case the reader may see, from the timeline itself or from the work queue's row. */
interface CaseView {
  readonly id: string;
  readonly state: CaseState;
  readonly revision: number;
  /** The queue's row is behind the timeline (an event could not be applied). */
  readonly stale: boolean;
  /** An auditor stated a reason to see personal data unmasked. */
  readonly unmasked: boolean;
  /** Read by a commune that handed the case over: as it stood then (decision 0058). */
  readonly handedOver?: boolean;
  /** Time travel: the case as it stood at a revision or an instant, through a lens (J4). */
  readonly asOf?: {
    readonly events: readonly RecordedEvent[];
    readonly at: Date | undefined;
    readonly reader: Reader;
  };
}

interface TimelineEntry {
  readonly revision: number;
  readonly type: string;
  readonly recordedAt: Date;
  readonly agency: string;
  /** The writer's role (a process of the platform: system). */
  readonly role: string;
  readonly visibility: 'VISIBLE' | 'REDACTED';
  readonly data: Record<string, unknown> | null;
}

export const readerOf = (context: GatewayContext): Reader => ({
  role: context.caller.role,
  agency: context.caller.agency,
  communes: context.caller.communes,
  ...(context.caller.unit ? { unit: context.caller.unit } : {}),
});

interface Addressed {
  readonly tasks?: ReadonlyArray<{ readonly responsibleAgency?: string; readonly responsibleUnit?: string }>;
  readonly referralId?: unknown;
  readonly toAgency?: string;
  readonly toUnit?: string;
}

/**
 * An event concerns the reader when the reader's unit wrote it, holds a task in it, or it is about a referral
 * to the reader's unit (`own` access: decisions 0018 and 0044).
 */
function concernsReader(event: RecordedEvent, reader: Reader, ownReferrals: ReadonlySet<string>): boolean {
  if (concerns(reader, event.metadata.actor.agency, event.metadata.actor.unit)) return true;
  const data = event.data as Addressed;
  if (typeof data.referralId === 'string' && ownReferrals.has(data.referralId)) return true;
  return (
    Array.isArray(data.tasks) &&
    data.tasks.some((task) => concerns(reader, task.responsibleAgency, task.responsibleUnit))
  );
}

/** The referrals of a timeline addressed to the reader's unit. */
const referralsTo = (events: readonly RecordedEvent[], reader: Reader): Set<string> =>
  new Set(
    events
      .filter((event) => {
        const data = event.data as Addressed;
        return event.type === 'ReferralIssued' && concerns(reader, data.toAgency, data.toUnit);
      })
      .map((event) => (event.data as { referralId: string }).referralId),
  );

/**
 * Work done once per timeline, not once per request: the timeline cache hands out the same array for as long
 * as a case does not change, and stored events never do, so results keyed by that array stay true.
 */
const folded = new WeakMap<readonly RecordedEvent[], CaseState>();
const lensed = new WeakMap<readonly RecordedEvent[], Map<string, TimelineEntry[]>>();
const deadlinesAt = new WeakMap<CaseState, { second: number; deadlines: Deadline[] }>();

/** The case's deadlines now; the same state within the same second gives the same answer (OPEN vs OVERDUE). */
function deadlinesNow(state: CaseState, context: GatewayContext): Deadline[] {
  const now = context.cases.now();
  const second = Math.floor(now.getTime() / 1000);
  const known = deadlinesAt.get(state);
  if (known?.second === second) return known.deadlines;
  const deadlines = context.cases.deadlines(state, now);
  deadlinesAt.set(state, { second, deadlines });
  return deadlines;
}

/** The case's state, folded by the case service's own `evolve` (never a second copy of the rules). */
export function foldCase(events: readonly RecordedEvent[]): CaseState {
  const known = folded.get(events);
  if (known) return known;
  const state = events.reduce(
    (current, event) =>
      evolve(current, { type: event.type, data: event.data } as CaseEvent, event.metadata.actor),
    initialCaseState(),
  );
  folded.set(events, state);
  return state;
}

export const visibleTo = (context: GatewayContext, state: CaseState) =>
  state.status !== 'NONE' && canSeeCase(readerOf(context), caseFactsOf(state));

/** How the caller reaches a case: in their scope, as a commune that handed it over, or not at all. */
function reachOf(context: GatewayContext, state: CaseState): 'in_scope' | 'handed_over' | undefined {
  if (visibleTo(context, state)) return 'in_scope';
  return state.status !== 'NONE' && handedOverBy(readerOf(context), caseFactsOf(state))
    ? 'handed_over'
    : undefined;
}

/** The timeline up to the last acceptance of a transfer from one of the reader's communes. */
function untilHandedOver(events: readonly RecordedEvent[], reader: Reader): readonly RecordedEvent[] {
  const handover = events.findLast(
    (event) =>
      event.type === 'CaseTransferAccepted' &&
      reader.communes.includes((event.data as { fromCommuneCode: string }).fromCommuneCode),
  );
  return handover ? events.filter((event) => event.revision <= handover.revision) : [];
}

/**
 * An auditor looking through another role's lens still sees personal data masked unless they stated a reason:
 * a field their own lens masks stays masked, whatever the other role would have seen.
 */
function maskedForCaller(
  data: Record<string, unknown>,
  event: RecordedEvent,
  context: GatewayContext,
  view: CaseView,
): Record<string, unknown> {
  if (!view.asOf || view.asOf.reader.role === context.caller.role) return data;
  const own = lens(context.caller.role, event, { unmasked: view.unmasked, concernsReader: true });
  const ownData = own?.visibility === 'visible' ? own.data : {};
  return Object.fromEntries(
    Object.entries(data).map(([field, value]) => [field, ownData[field] === MASKED ? MASKED : value]),
  );
}

/** The timeline through the reader's lens: hidden events left out, redacted ones without their data. */
async function lensedTimeline(view: CaseView, context: GatewayContext): Promise<readonly TimelineEntry[]> {
  const reader = view.asOf?.reader ?? readerOf(context);
  const events = view.asOf?.events ?? (await context.timelines.load(view.id)) ?? [];
  // The lens depends on the role, the unit (`own`) and unmasking only: the same for every such reader.
  const lensKey = `${reader.role}|${partyOf(reader.agency, reader.unit)}|${view.unmasked}`;
  const byReader = lensed.get(events) ?? new Map<string, TimelineEntry[]>();
  lensed.set(events, byReader);
  const known = byReader.get(lensKey);
  if (known) return known;
  const entries: TimelineEntry[] = [];
  const ownReferrals = referralsTo(events, reader);
  for (const event of events) {
    const seen = lens(reader.role, event, {
      concernsReader: concernsReader(event, reader, ownReferrals),
      reader,
      unmasked: view.unmasked,
    });
    if (!seen) continue;
    entries.push({
      revision: event.revision,
      type: event.type,
      recordedAt: event.recordedAt,
      agency: event.metadata.actor.agency,
      role: event.metadata.actor.role,
      visibility: seen.visibility === 'visible' ? 'VISIBLE' : 'REDACTED',
      data: seen.visibility === 'visible' ? maskedForCaller(seen.data, event, context, view) : null,
    });
  }
  byReader.set(lensKey, entries);
  return entries;
}

const DeadlineRef = builder.objectRef<Deadline>('Deadline').implement({
  description: 'A legal deadline of the case, computed from its events.',
  fields: (t) => ({
    id: t.exposeString('id'),
    kind: t.exposeString('kind'),
    dueAt: t.exposeString('dueAt'),
    status: t.exposeString('status'),
    metAt: t.exposeString('metAt', { nullable: true }),
    basis: t.exposeString('basis'),
    counting: t.exposeString('counting', {
      description: 'How the law counts it: HOURS, DAYS, or WORKING_DAYS (weekends and holidays left out).',
    }),
    workingDaysLeft: t.int({
      nullable: true,
      description:
        'For an open working-day deadline: working days left after today, up to the due day (negative when overdue), by the province’s holiday calendar.',
      resolve: (deadline, _args, context) => context.cases.workingDaysLeft(deadline),
    }),
  }),
});

const TimelineEntryRef = builder.interfaceRef<TimelineEntry>('TimelineEvent').implement({
  description:
    'One event of the case timeline, as the reader’s lens shows it: a `RedactedEvent` (it happened, not what), or the event’s own type with its content (`ReportReceivedEvent`, …).',
  resolveType: (entry) => (entry.visibility === 'REDACTED' ? 'RedactedEvent' : `${entry.type}Event`),
  fields: (t) => ({
    revision: t.exposeInt('revision'),
    type: t.exposeString('type'),
    recordedAt: t.string({ resolve: (entry) => entry.recordedAt.toISOString() }),
    agency: t.exposeString('agency', { description: 'The agency that wrote it.' }),
    role: t.exposeString('role', { description: 'The role of whoever wrote it (never their name).' }),
    visibility: t.exposeString('visibility', { description: 'VISIBLE, or REDACTED: it happened, not what.' }),
    data: t.field({
      type: 'JSON',
      nullable: true,
      description:
        'The content as JSON, for readers that show any event alike (the CLI, exports); null on a redacted event. A typed client selects the event type’s `content`.',
      resolve: (entry) => entry.data,
    }),
  }),
});

builder.objectRef<TimelineEntry>('RedactedEvent').implement({
  description:
    'An event the reader’s lens lets through as having happened — its type, agency and time — with no content.',
  interfaces: [TimelineEntryRef],
  fields: () => ({}),
});

/** Named before the events that hold it, so it is one type by its own name. */
const ChildSummaryRef = outputTypeOf('ChildOnReport', ChildOnReport);

for (const [type, definition] of Object.entries(caseEventDefinitions)) {
  const content = contentTypeOf(type, definition.schema);
  builder.objectRef<TimelineEntry>(`${type}Event`).implement({
    description: `${definition.title} (${definition.basis}).`,
    interfaces: [TimelineEntryRef],
    fields: (t) => ({
      content: t.field({
        type: content,
        description:
          'What the event recorded, through the lens: withheld fields read null and are named in `withheld`.',
        resolve: (entry) => (entry.data ?? {}) as never,
      }),
    }),
  });
}

const ViewingRef = builder.objectRef<CaseViewing>('CaseViewing').implement({
  description: 'One read of the case: who, through which lens, by which operation, when.',
  fields: (t) => ({
    viewedAt: t.exposeString('viewedAt'),
    userId: t.string({ resolve: (viewing) => viewing.viewer.userId }),
    agency: t.string({ resolve: (viewing) => viewing.viewer.agency }),
    role: t.string({ resolve: (viewing) => viewing.viewer.role }),
    lens: t.exposeString('lens'),
    operation: t.exposeString('operation'),
    parts: t.exposeStringList('parts'),
    unmaskReason: t.exposeString('unmaskReason', { nullable: true }),
  }),
});

interface DeadlineCompliance {
  readonly kind: string;
  readonly dueAt: string;
  readonly status: string;
  readonly metAt: string | null;
  /** Hours past due: when it was met late, or how overdue it is now. */
  readonly lateByHours: number | null;
  readonly basis: string;
}

interface UnansweredReferral {
  readonly referralId: string;
  readonly toAgency: string;
  readonly status: string;
  readonly dueAt: string;
  readonly escalated: boolean;
}

interface Compliance {
  readonly deadlines: readonly DeadlineCompliance[];
  readonly unansweredReferrals: readonly UnansweredReferral[];
  readonly missedDeadlinesRecorded: number;
}

const DeadlineComplianceRef = builder.objectRef<DeadlineCompliance>('DeadlineCompliance').implement({
  description: 'A legal deadline of the current cycle: met, met late or overdue, and by how much.',
  fields: (t) => ({
    kind: t.exposeString('kind'),
    dueAt: t.exposeString('dueAt'),
    status: t.exposeString('status'),
    metAt: t.exposeString('metAt', { nullable: true }),
    lateByHours: t.exposeFloat('lateByHours', { nullable: true }),
    basis: t.exposeString('basis'),
  }),
});

const UnansweredReferralRef = builder.objectRef<UnansweredReferral>('UnansweredReferral').implement({
  description: 'A referral past its due date that nobody accepted (offered, or claimed and not accepted).',
  fields: (t) => ({
    referralId: t.exposeID('referralId'),
    toAgency: t.exposeString('toAgency'),
    status: t.exposeString('status'),
    dueAt: t.exposeString('dueAt'),
    escalated: t.exposeBoolean('escalated'),
  }),
});

const ComplianceRef = builder.objectRef<Compliance>('CaseCompliance').implement({
  description:
    'What an inspection asks of a case: each deadline met or missed and by how much, referrals left unanswered.',
  fields: (t) => ({
    deadlines: t.field({ type: [DeadlineComplianceRef], resolve: (compliance) => [...compliance.deadlines] }),
    unansweredReferrals: t.field({
      type: [UnansweredReferralRef],
      resolve: (compliance) => [...compliance.unansweredReferrals],
    }),
    missedDeadlinesRecorded: t.exposeInt('missedDeadlinesRecorded'),
  }),
});

/** The case's compliance as of now (or as of its time-travel point), from the same folds the services use. */
async function complianceOf(view: CaseView, context: GatewayContext): Promise<Compliance> {
  const events = view.asOf?.events ?? (await context.timelines.load(view.id)) ?? [];
  const now = view.asOf?.at ?? context.cases.now();
  const deadlines = context.cases.deadlines(view.state, now).map((deadline) => ({
    kind: deadline.kind,
    dueAt: deadline.dueAt,
    status: deadline.status,
    metAt: deadline.metAt ?? null,
    basis: deadline.basis,
    lateByHours: lateByHours(deadline, now),
  }));
  const referrals = events.reduce(
    (state, event) =>
      evolveReferrals(state, { type: event.type, data: event.data } as CaseEvent, event.metadata.actor),
    initialReferralsState(),
  ).referrals;
  const unansweredReferrals = unanswered(referrals, now);
  return {
    deadlines,
    unansweredReferrals,
    missedDeadlinesRecorded: events.filter((event) => event.type === 'DeadlineMissed').length,
  };
}

const CaseRef = builder.objectRef<CaseView>('Case').implement({
  description: 'A case: its status, deadlines, child and timeline, through the reader’s lens.',
  fields: (t) => ({
    id: t.exposeID('id'),
    status: t.string({ resolve: (view) => view.state.status }),
    caseNumber: t.string({
      nullable: true,
      description: 'The number officials cite the case by (commune-year-order, e.g. 21583-2026-0042).',
      resolve: (view) => view.state.caseNumber ?? null,
    }),
    communeCode: t.string({ nullable: true, resolve: (view) => view.state.communeCode ?? null }),
    revision: t.exposeInt('revision', { description: 'Send it back as expectedRevision when changing it.' }),
    stale: t.exposeBoolean('stale', {
      description: 'True when the work queue is behind this case’s timeline: read the case itself.',
    }),
    deadlines: t.field({
      type: [DeadlineRef],
      description: 'The process deadlines, for the roles the matrix lets see them (others get none).',
      resolve: (view, _args, context) =>
        // The case service's rule, as its REST read applies it (caseSummary).
        visibleDeadlines(
          view.asOf?.reader.role ?? context.caller.role,
          view.asOf
            ? context.cases.deadlines(view.state, view.asOf.at ?? context.cases.now())
            : deadlinesNow(view.state, context),
        ),
    }),
    availableSteps: t.field({
      type: [CaseCommandType],
      description:
        'The steps the caller may take on the case now, by the case service’s own permission table and the case’s state (none on a past view); the service still judges what is sent.',
      resolve: (view, _args, context) =>
        view.asOf
          ? []
          : availableSteps(
              view.state,
              actorFor(context.caller, view.state.communeCode, view.state.transfer?.toCommuneCode),
            ),
    }),
    transfer: t.field({
      type: CaseTransferRef,
      nullable: true,
      description:
        'The commune the case is offered to, while it has not answered (decision 0058); for whom sees report facts.',
      resolve: (view, _args, context) =>
        view.state.transfer &&
        accessTo(view.asOf?.reader.role ?? context.caller.role, 'report_facts') === 'visible'
          ? view.state.transfer
          : null,
    }),
    handedOver: t.boolean({
      description:
        'True when the reader’s commune handed the case over to another: it reads the case as it stood when the other accepted it, and nothing after (decision 0058).',
      resolve: (view) => view.handedOver === true,
    }),
    managedBy: t.field({
      type: ManagedByRef,
      nullable: true,
      description:
        'Who manages the case (decision 0057), for the roles the matrix lets see it (others get null); never a name.',
      resolve: (view, _args, context) => {
        const role = view.asOf?.reader.role ?? context.caller.role;
        if (accessTo(role, 'case_manager') !== 'visible') return null;
        if (view.state.manager === undefined) return 'NOBODY';
        return view.state.manager === context.caller.userId && !view.asOf ? 'YOU' : 'SOMEONE_ELSE';
      },
    }),
    canIssueReferral: t.boolean({
      description:
        'Whether the caller may refer the case to an agency now (the referral service’s own rule; it still judges the referral).',
      resolve: (view, _args, context) =>
        !view.asOf && mayIssueReferrals(view.state, actorFor(context.caller, view.state.communeCode)),
    }),
    child: t.field({
      type: ChildSummaryRef,
      nullable: true,
      description:
        'The child as the report named them, through the lens (null when the lens hides or masks it whole).',
      resolve: async (view, _args, context) => {
        noteRead(context, view.id, 'timeline');
        const report = (await lensedTimeline(view, context)).find((entry) => entry.type === 'ReportReceived');
        const child = report?.data?.child;
        return typeof child === 'object' && child !== null && !('$masked' in child) && !('$redacted' in child)
          ? (child as never)
          : null;
      },
    }),
    timeline: t.connection({
      type: TimelineEntryRef,
      args: {
        types: t.arg.stringList({
          description:
            'Only events of these types (e.g. the plan and its tasks), paged after the lens: what a step form needs of a long case.',
        }),
      },
      resolve: async (view, args, context) => {
        noteRead(context, view.id, 'timeline');
        const entries = await lensedTimeline(view, context);
        const types = args.types ? new Set(args.types) : undefined;
        return resolveArrayConnection(
          { args, defaultSize: 20, maxSize: 100 },
          types ? entries.filter((entry) => types.has(entry.type)) : entries,
        );
      },
    }),
    compliance: t.field({
      type: ComplianceRef,
      description:
        'J4: every legal deadline met or missed and by how much, and referrals left unanswered (roles that see deadlines and referrals in full).',
      resolve: (view, _args, context) => {
        const role = view.asOf?.reader.role ?? context.caller.role;
        if (accessTo(role, 'deadlines') !== 'visible' || accessTo(role, 'referrals') !== 'visible')
          throw new GraphQLError('your role does not see this case’s compliance', {
            extensions: { code: 'FORBIDDEN' },
          });
        return complianceOf(view, context);
      },
    }),
    viewings: t.field({
      type: [ViewingRef],
      description:
        'Who read this case (the case’s commune, the province, auditors: the matrix’s access_log row); reading the list is itself recorded.',
      resolve: async (view, _args, context) => {
        if (accessTo(context.caller.role, 'access_log') !== 'visible')
          throw new GraphQLError('your role does not list who viewed a case', {
            extensions: { code: 'FORBIDDEN' },
          });
        noteRead(context, view.id, 'viewers');
        return context.accessLog.viewings(view.id);
      },
    }),
  }),
});

/**
 * The case as it stood at a revision or an instant, through the caller's lens or (auditors) another role's:
 * the same fold and the same lens as today's case, over the events up to that point.
 */
function travel(
  context: GatewayContext,
  caseId: string,
  events: readonly RecordedEvent[],
  options: {
    asOfRevision?: number | null;
    asOf?: string | null;
    viewAs?: string | null;
    unmasked: boolean;
    handedOver?: boolean;
  },
): CaseView {
  const refuse = (field: string, message: string, code = 'BAD_USER_INPUT') =>
    new GraphQLError(`${field}: ${message}`, { extensions: { code, field } });
  const at = options.asOf == null ? undefined : new Date(options.asOf);
  if (at && Number.isNaN(at.getTime())) throw refuse('asOf', 'an ISO 8601 instant');
  if (options.viewAs != null) {
    if (context.caller.role !== 'auditor')
      throw refuse('viewAs', 'only an auditor views another role’s lens', 'FORBIDDEN');
    if (!Roles.schema.safeParse(options.viewAs).success)
      throw refuse('viewAs', `one of ${Roles.codes.join(', ')}`);
  }
  const then = events.filter(
    (event) =>
      (options.asOfRevision == null || event.revision <= options.asOfRevision) &&
      (!at || event.recordedAt <= at),
  );
  const state = foldCase(then);
  const role = (options.viewAs ?? context.caller.role) as Role;
  const reader: Reader = options.viewAs == null ? readerOf(context) : someoneOf(role, state);
  const facts = caseFactsOf(state);
  if (then.length === 0 || (!canSeeCase(reader, facts) && !handedOverBy(reader, facts)))
    throw new GraphQLError(`the ${role} lens did not see this case at that point`, {
      extensions: { code: 'NOT_VISIBLE_THEN' },
    });
  return {
    id: caseId,
    state,
    revision: then.at(-1)?.revision ?? 0,
    stale: false,
    unmasked: options.unmasked,
    asOf: { events: then, at, reader },
    ...(options.handedOver ? { handedOver: true } : {}),
  };
}

/**
 * The reader an auditor looks through when viewing as a role: someone of that role at the case's commune,
 * of the first unit of the role's agency that the case involves (or of none, when no unit was named).
 */
function someoneOf(role: Role, state: CaseState): Reader {
  const agency = agencyOfRole[role];
  const unit = state.involvedParties
    .find((party) => party.startsWith(partyOf(agency)) && party !== partyOf(agency))
    ?.slice(partyOf(agency).length);
  return {
    role,
    agency,
    communes: state.communeCode ? [state.communeCode] : [],
    ...(unit ? { unit } : {}),
  };
}

const StatusCountRef = builder
  .objectRef<{ readonly status: string; readonly count: number }>('StatusCount')
  .implement({
    fields: (t) => ({ status: t.exposeString('status'), count: t.exposeInt('count') }),
  });

interface QueueFilterArgs {
  readonly manager?: 'MINE' | 'UNASSIGNED' | null;
  readonly status?: string | null;
  readonly caseNumber?: string | null;
  readonly category?: string | null;
  readonly formOfHarm?: string | null;
}

const CaseTransferRef = builder.objectRef<NonNullable<CaseState['transfer']>>('CaseTransfer').implement({
  description: 'A request to another commune to take the case over, waiting for its answer.',
  fields: (t) => ({
    toCommuneCode: t.exposeString('toCommuneCode'),
    requestedAt: t.string({ resolve: (transfer) => transfer.requestedAt }),
  }),
});

const ManagerFilterRef = builder.enumType('ManagerFilter', { values: ['MINE', 'UNASSIGNED'] as const });

const ManagedByRef = builder.enumType('ManagedBy', {
  description: 'Who manages the case, as the reader may know it: YOU, SOMEONE_ELSE, or NOBODY yet.',
  values: ['YOU', 'SOMEONE_ELSE', 'NOBODY'] as const,
});

/** The work queue's filters other than status, shared by the queue and its counts. */
const queueFilterArgs = builder.args((t) => ({
  caseNumber: t.string({
    description: 'Only cases whose number contains this (e.g. "0042" or "21583-2026-0042").',
  }),
  category: t.string({ description: 'Only cases of this Form 01 category (ABUSED, AT_RISK, …).' }),
  formOfHarm: t.string({ description: 'Only cases reporting this form of harm (VIOLENCE, NEGLECT, …).' }),
  manager: t.field({
    type: ManagerFilterRef,
    description: 'MINE: the cases the caller manages; UNASSIGNED: the cases nobody manages yet.',
  }),
}));

/** The queue's filters, each a code of its contract's list (a 400 naming the argument otherwise). */
function queueFilters(args: QueueFilterArgs, context: GatewayContext) {
  const code = (field: string, value: string | null | undefined, codes: readonly string[]) => {
    if (value == null) return undefined;
    if (!codes.includes(value))
      throw new GraphQLError(`${field}: one of ${codes.join(', ')}`, {
        extensions: { code: 'BAD_USER_INPUT', field, http: { status: 400 } },
      });
    return value;
  };
  const status = code('status', args.status, CaseStatuses.codes);
  const category = code('category', args.category, ReportCategories.codes);
  const formOfHarm = code('formOfHarm', args.formOfHarm, FormsOfHarm.codes);
  return {
    ...(status ? { status } : {}),
    ...(args.caseNumber ? { caseNumber: args.caseNumber.slice(0, 40) } : {}),
    ...(category ? { category } : {}),
    ...(formOfHarm ? { formOfHarm } : {}),
    ...(args.manager === 'MINE'
      ? { manager: { mine: context.caller.userId } }
      : args.manager === 'UNASSIGNED'
        ? { manager: 'UNASSIGNED' as const }
        : {}),
  };
}

/** Case ids are UUIDs; anything else is a case that does not exist. */
export const CASE_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const UNMASK_REASON_MIN = 10;

interface Viewer {
  readonly role: string;
  readonly agency: string;
  readonly communes: readonly string[];
  readonly unit: string | null;
  readonly canReceiveReports: boolean;
  readonly canSearchChildren: boolean;
}

const ViewerRef = builder.objectRef<Viewer>('Viewer').implement({
  description: 'Who is signed in, as their token says (no name), and what the console may offer them.',
  fields: (t) => ({
    role: t.exposeString('role'),
    agency: t.exposeString('agency'),
    communes: t.exposeStringList('communes'),
    unit: t.exposeString('unit', { nullable: true }),
    canReceiveReports: t.exposeBoolean('canReceiveReports', {
      description: 'A receiving point of reports (D56 Art. 25(1)): the case service takes Form 01 from them.',
    }),
    canSearchChildren: t.exposeBoolean('canSearchChildren', {
      description:
        'Reads child records, and so finds them by name or personal ID number (the case service’s rule).',
    }),
  }),
});

builder.queryType({
  fields: (t) => ({
    viewer: t.field({
      type: ViewerRef,
      authScopes: { authenticated: true },
      resolve: (_root, _args, context) => ({
        role: context.caller.role,
        agency: context.caller.agency,
        communes: [...context.caller.communes],
        unit: context.caller.unit ?? null,
        canReceiveReports: mayReceiveReports(actorFor(context.caller, undefined)),
        canSearchChildren: maySearchChildren(context.caller.role),
      }),
    }),
    case: t.field({
      type: CaseRef,
      nullable: true,
      description:
        'A case the caller may see; a case they may not see is answered like one that does not exist.',
      authScopes: { authenticated: true },
      args: {
        id: t.arg.id({ required: true }),
        unmaskReason: t.arg.string({
          description: `Auditors: why personal data must be seen (at least ${UNMASK_REASON_MIN} characters); recorded in the access log.`,
        }),
        asOfRevision: t.arg.int({ description: 'Time travel: the case as it stood after this revision.' }),
        asOf: t.arg.string({ description: 'Time travel: the case as it stood at this instant (ISO 8601).' }),
        viewAs: t.arg.string({
          description:
            'Auditors: see the case through another role’s lens (a member of the case’s commune), e.g. what the commune officer knew when the case was closed.',
        }),
      },
      resolve: async (_root, { id, unmaskReason, asOfRevision, asOf, viewAs }, context) => {
        if (unmaskReason != null) {
          if (context.caller.role !== 'auditor')
            throw new GraphQLError('unmaskReason: only an auditor may unmask personal data', {
              extensions: { code: 'FORBIDDEN', field: 'unmaskReason' },
            });
          if (unmaskReason.trim().length < UNMASK_REASON_MIN)
            throw new GraphQLError(
              `unmaskReason: state the reason in at least ${UNMASK_REASON_MIN} characters`,
              {
                extensions: { code: 'BAD_USER_INPUT', field: 'unmaskReason' },
              },
            );
        }
        const caseId = String(id);
        if (!CASE_ID.test(caseId)) return null;
        // Reach first, on the sealed stream, unless the timeline is held opened already: a case out of reach
        // costs no key and no decryption, like one that does not exist (issue 16, item 5).
        if (!context.timelineHeld(caseId) && !reachOf(context, (await context.cases.load(caseId)).state))
          return null;
        const all = await context.timelines.load(caseId);
        if (!all) return null;
        const reach = reachOf(context, foldCase(all));
        if (!reach) return null;
        noteRead(context, caseId, 'case', unmaskReason?.trim());
        // A commune that handed the case over reads it as it stood when the other accepted it (decision 0058).
        const events = reach === 'handed_over' ? untilHandedOver(all, readerOf(context)) : all;
        const handedOverAt = reach === 'handed_over' ? events.at(-1)?.recordedAt.toISOString() : undefined;
        if (handedOverAt || asOfRevision != null || asOf != null || viewAs != null)
          return travel(context, caseId, events, {
            asOfRevision,
            asOf: asOf ?? handedOverAt,
            viewAs,
            handedOver: handedOverAt !== undefined,
            unmasked: Boolean(unmaskReason),
          });
        const state = foldCase(events);
        return {
          id: caseId,
          state,
          revision: events.at(-1)?.revision ?? 0,
          stale: false,
          unmasked: Boolean(unmaskReason),
        };
      },
    }),
    workQueue: t.connection({
      type: CaseRef,
      description:
        'The cases in the caller’s scope (their commune’s, their agency’s), the nearest open legal deadline first.',
      authScopes: { authenticated: true },
      args: {
        status: t.arg.string({ description: 'Only cases in this status (REPORTED, AT_COMMUNE, …).' }),
        ...queueFilterArgs,
      },
      resolve: (_root, args, context) =>
        resolveOffsetConnection({ args, defaultSize: 20, maxSize: 100 }, async ({ limit, offset }) => {
          const rows = await context.queue.page(caseScopeOf(readerOf(context)), {
            limit,
            offset,
            ...queueFilters(args, context),
          });
          // The SQL filter is the policy's scope; the policy itself has the last word on each row.
          return rows
            .filter((row) => visibleTo(context, row.state))
            .map((row) => {
              noteRead(context, row.caseId, 'case');
              return {
                id: row.caseId,
                state: row.state,
                revision: row.revision,
                stale: row.stale,
                unmasked: false,
              };
            });
        }),
    }),
    queueCounts: t.field({
      type: [StatusCountRef],
      description:
        'How many cases of the caller’s scope are in each status, with the work queue’s other filters: what its status filter shows beside each choice.',
      authScopes: { authenticated: true },
      args: queueFilterArgs,
      resolve: (_root, args, context) =>
        context.queue.counts(caseScopeOf(readerOf(context)), queueFilters(args, context)),
    }),
  }),
});
