import type { Deadline } from '@chungtay/case';
import type { RecordedEvent } from '@chungtay/event-store';
import { canSeeCase, lens, type Reader } from '@chungtay/policy';
import { resolveArrayConnection } from '@pothos/plugin-relay';
import { builder } from '../builder.ts';
import type { GatewayContext } from '../context.ts';

interface CaseShape {
  readonly id: string;
  readonly status: string;
  readonly communeCode: string | null;
  readonly revision: number;
  readonly deadlines: readonly Deadline[];
  readonly events: readonly RecordedEvent[];
}

interface TimelineEntry {
  readonly revision: number;
  readonly type: string;
  readonly recordedAt: Date;
  readonly agency: string;
  readonly visibility: 'VISIBLE' | 'REDACTED';
  readonly data: Record<string, unknown> | null;
}

const readerOf = (context: GatewayContext): Reader => ({
  role: context.caller.role,
  agency: context.caller.agency,
  communes: context.caller.communes,
});

/** An event concerns the reader when its agency wrote it or holds a task in it. */
function concernsReader(event: RecordedEvent, reader: Reader): boolean {
  if (event.metadata.actor.agency === reader.agency) return true;
  const tasks = (event.data as { tasks?: Array<{ responsibleAgency?: string }> }).tasks;
  return Array.isArray(tasks) && tasks.some((task) => task.responsibleAgency === reader.agency);
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
  }),
});

const TimelineEntryRef = builder.objectRef<TimelineEntry>('TimelineEvent').implement({
  description: 'One event of the case timeline, as the reader’s lens shows it.',
  fields: (t) => ({
    revision: t.exposeInt('revision'),
    type: t.exposeString('type'),
    recordedAt: t.string({ resolve: (entry) => entry.recordedAt.toISOString() }),
    agency: t.exposeString('agency', { description: 'The agency that wrote it.' }),
    visibility: t.exposeString('visibility', { description: 'VISIBLE, or REDACTED: it happened, not what.' }),
    data: t.field({ type: 'JSON', nullable: true, resolve: (entry) => entry.data }),
  }),
});

const CaseRef = builder.objectRef<CaseShape>('Case').implement({
  description: 'A case: its status, deadlines and timeline, through the reader’s lens.',
  fields: (t) => ({
    id: t.exposeID('id'),
    status: t.exposeString('status'),
    communeCode: t.exposeString('communeCode', { nullable: true }),
    revision: t.exposeInt('revision', { description: 'Send it back as If-Match when changing the case.' }),
    deadlines: t.field({ type: [DeadlineRef], resolve: (c) => [...c.deadlines] }),
    timeline: t.connection({
      type: TimelineEntryRef,
      resolve: (c, args, context) => {
        const reader = readerOf(context);
        const entries: TimelineEntry[] = [];
        for (const event of c.events) {
          const seen = lens(reader.role, event, { concernsReader: concernsReader(event, reader) });
          if (!seen) continue;
          entries.push({
            revision: event.revision,
            type: event.type,
            recordedAt: event.recordedAt,
            agency: event.metadata.actor.agency,
            visibility: seen.visibility === 'visible' ? 'VISIBLE' : 'REDACTED',
            data: seen.visibility === 'visible' ? seen.data : null,
          });
        }
        return resolveArrayConnection({ args, defaultSize: 20, maxSize: 100 }, entries);
      },
    }),
  }),
});

builder.queryType({
  fields: (t) => ({
    case: t.field({
      type: CaseRef,
      nullable: true,
      description:
        'A case the caller may see; a case they may not see is answered like one that does not exist.',
      authScopes: { authenticated: true },
      args: { id: t.arg.id({ required: true }) },
      resolve: async (_root, { id }, context) => {
        const caseId = String(id);
        if (!/^[0-9a-f-]{36}$/i.test(caseId)) return null;
        const loaded = await context.cases.load(caseId);
        if (loaded.revision === undefined) return null;
        const { state } = loaded;
        if (
          !canSeeCase(readerOf(context), {
            communeCode: state.communeCode,
            involvedAgencies: state.involvedAgencies,
          })
        )
          return null;
        return {
          id: caseId,
          status: state.status,
          communeCode: state.communeCode ?? null,
          revision: loaded.revision,
          deadlines: context.cases.deadlines(state),
          events: loaded.events,
        };
      },
    }),
  }),
});
