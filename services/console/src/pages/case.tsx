import {
  AgencyLabels,
  CaseStatuses,
  ChildOnReport,
  communeLabel,
  DeadlineKinds,
  type EventType,
  eventDefinitions,
  Roles,
} from '@chungtay/contracts/browser';
import { useEffect, useRef, useState } from 'react';
import type { z } from 'zod';
import { request } from '../api.ts';
import { ID_SOURCE_TYPES, idSourcesFor } from '../case-ids.ts';
import { deadlineLeft, formatDateTime } from '../format.ts';
import { dataSchemaOf } from '../forms/describe.ts';
import { EventData, SchemaData } from '../forms/read.tsx';
import { type Conflict, caseStep, StepForm } from '../forms/step-form.tsx';
import { gql, type ResultOf } from '../graphql.ts';
import { useLanguage } from '../i18n.tsx';
import { useSession } from '../session.tsx';
import { type ConsoleStep, stepWords } from '../steps.ts';
import { useLive } from '../use-live.ts';
import { useQuery } from '../use-query.ts';
import { type PrintableEvent, printableForms } from './print.tsx';

const CASE = gql(`
  query CasePage($id: ID!, $idSources: [String!]) {
    case(id: $id) {
      id
      caseNumber
      revision
      status
      communeCode
      availableSteps
      canIssueReferral
      managedBy
      handedOver
      transfer { toCommuneCode requestedAt }
      child { childId fullName birthDate estimatedAge sex currentCondition withheld { field reason } }
      deadlines { id kind dueAt status metAt workingDaysLeft }
      timeline(last: 100) {
        pageInfo { hasPreviousPage startCursor }
        edges { node { revision type recordedAt agency role visibility data } }
      }
      idSources: timeline(last: 100, types: $idSources) { edges { node { revision type data } } }
    }
  }
`);

const CHANGED = gql(`
  subscription CaseChanged($id: ID!) {
    caseChanged(id: $id) { caseId revision }
  }
`);

const EARLIER = gql(`
  query EarlierSteps($id: ID!, $before: String!) {
    case(id: $id) {
      timeline(last: 100, before: $before) {
        pageInfo { hasPreviousPage startCursor }
        edges { node { revision type recordedAt agency role visibility data } }
      }
    }
  }
`);

type CaseView = NonNullable<ResultOf<typeof CASE>['case']>;
type Entry = CaseView['timeline']['edges'][number]['node'];

const titleOf = (type: string): string =>
  Object.hasOwn(eventDefinitions, type) ? eventDefinitions[type as EventType].title : type;
const roleOf = (role: string) =>
  Object.hasOwn(Roles.labels, role) ? Roles.labels[role as keyof typeof Roles.labels] : '';
const agencyOf = (agency: string) =>
  Object.hasOwn(AgencyLabels, agency) ? AgencyLabels[agency as keyof typeof AgencyLabels] : agency;

/** Typed content as the labelled reader shows it: a withheld field said as masked or erased, not left out. */
function withMarkers(content: {
  readonly withheld: ReadonlyArray<{ readonly field: string; readonly reason: string }>;
}): Record<string, unknown> {
  const shown: Record<string, unknown> = { ...content };
  for (const { field, reason } of content.withheld)
    shown[field] = reason === 'ERASED' ? { $erased: true } : { $masked: true };
  return shown;
}

/** What the last step recorded, said once on the case page it returns to. */
const FLASH = 'chungtay-flash';

/** One case: where it stands, its legal deadlines, the steps the caller may take, and its timeline. */
export function CasePage({
  caseId,
  step,
  readsChildren = false,
}: {
  caseId: string;
  step?: ConsoleStep;
  /** The reader reads child records (the server's `viewer.canSearchChildren`): the child's is linked. */
  readsChildren?: boolean;
}) {
  const { t, language } = useLanguage();
  const { state, reload } = useQuery(CASE, { id: caseId, idSources: ID_SOURCE_TYPES });
  // Another person's or agency's step shows here as it happens.
  useLive(CHANGED, { id: caseId }, () => void reload());
  const [conflict, setConflict] = useState<Conflict | undefined>();
  const [flash] = useState(() => {
    const said = sessionStorage.getItem(FLASH);
    sessionStorage.removeItem(FLASH);
    return said ?? undefined;
  });
  const heading = useRef<HTMLHeadingElement>(null);
  // A screen reader hears the new screen: focus goes to its heading once it is there.
  const ready = state.status === 'ready';
  useEffect(() => {
    if (ready) heading.current?.focus();
  }, [ready]);
  const now = new Date();
  const view = state.status === 'ready' ? state.data.case : undefined;
  // The case service's steps, and a referral when the referral service would take one from this person.
  const offered: ConsoleStep[] = view
    ? [
        ...(view.availableSteps as ConsoleStep[]),
        ...(view.canIssueReferral ? ['IssueReferral' as const] : []),
      ]
    : [];
  return (
    <main id="main" tabIndex={-1} className="page">
      <p>
        <a href={step ? `#/cases/${caseId}` : '#/'}>← {step ? t('cancel') : t('back')}</a>
      </p>
      {state.status === 'loading' && <p>{t('loading')}</p>}
      {state.status === 'failed' && <p role="alert">{t(state.unavailable ? 'unavailable' : 'error')}</p>}
      {state.status === 'ready' && !view && <p role="alert">{t('notFound')}</p>}
      {view && step && (
        <>
          <h1 ref={heading} tabIndex={-1}>
            {stepWords[step][language]}
          </h1>
          <p className="status">
            {t('caseTitle')} {view.caseNumber ?? ''} ·{' '}
            {view.communeCode ? communeLabel(view.communeCode) : '—'} ·{' '}
            {CaseStatuses.labels[view.status as keyof typeof CaseStatuses.labels]}
          </p>
          {conflict && (
            <Changes entries={view.timeline.edges.map((edge) => edge.node)} since={conflict.seen} />
          )}
          {offered.includes(step) ? (
            <StepForm
              schema={dataSchemaOf(step)}
              draftKey={`${caseId}:${step}`}
              send={caseStep(caseId, step)}
              revision={view.revision}
              ids={idSourcesFor(
                step,
                view.idSources.edges.map((edge) => edge.node),
              )}
              onDone={() => {
                sessionStorage.setItem(FLASH, stepWords[step][language]);
                window.location.hash = `#/cases/${caseId}`;
              }}
              onConflict={(found) => {
                setConflict(found);
                void reload();
              }}
            />
          ) : (
            <p role="alert">{t('stepUnavailable')}</p>
          )}
        </>
      )}
      {view && !step && (
        <>
          <h1 ref={heading} tabIndex={-1}>
            {t('caseTitle')} {view.caseNumber ?? ''} ·{' '}
            {view.communeCode ? communeLabel(view.communeCode) : '—'}
          </h1>
          {flash && (
            <p className="notice" role="status">
              {t('recorded')}: {flash}
            </p>
          )}
          <p className="status">
            {t('status')}:{' '}
            <strong>{CaseStatuses.labels[view.status as keyof typeof CaseStatuses.labels]}</strong>
            {view.managedBy && (
              <>
                {' · '}
                {t(
                  view.managedBy === 'YOU'
                    ? 'managedByYou'
                    : view.managedBy === 'SOMEONE_ELSE'
                      ? 'managedBySomeoneElse'
                      : 'managedByNobody',
                )}
              </>
            )}
          </p>
          {view.handedOver && (
            <p className="notice" role="note">
              {t('handedOver')} {view.communeCode ? communeLabel(view.communeCode) : ''}.
            </p>
          )}
          {view.transfer && (
            <p className="notice" role="note">
              {t('transferWaiting')} {communeLabel(view.transfer.toCommuneCode)} (
              {formatDateTime(view.transfer.requestedAt)}).
            </p>
          )}
          {view.child && (
            <section aria-labelledby="child">
              <h2 id="child">{t('child')}</h2>
              <SchemaData schema={ChildOnReport as unknown as z.ZodObject} data={withMarkers(view.child)} />
              {readsChildren && (
                <p>
                  <a href={`#/children/${view.child.childId}`}>{t('childRecordLink')}</a>
                </p>
              )}
            </section>
          )}
          <section aria-labelledby="steps">
            <h2 id="steps">{t('steps')}</h2>
            {offered.length === 0 ? (
              <p>{t('noSteps')}</p>
            ) : (
              <ul className="steps">
                {offered.map((available) => (
                  <li key={available}>
                    <a className="button" href={`#/cases/${caseId}/${available}`}>
                      {stepWords[available][language]}
                    </a>
                  </li>
                ))}
              </ul>
            )}
          </section>
          {view.timeline.edges.some(
            ({ node }) => node.visibility === 'VISIBLE' && Object.hasOwn(printableForms, node.type),
          ) && (
            <section aria-labelledby="forms">
              <h2 id="forms">{t('forms')}</h2>
              <ul className="forms">
                {(Object.keys(printableForms) as PrintableEvent[])
                  .filter((type) =>
                    view.timeline.edges.some(
                      ({ node }) => node.type === type && node.visibility === 'VISIBLE',
                    ),
                  )
                  .map((type) => (
                    <li key={type}>
                      <a href={`#/cases/${caseId}/print/${type}`}>
                        {t('print')} {printableForms[type].form}
                      </a>
                    </li>
                  ))}
              </ul>
            </section>
          )}
          <section aria-labelledby="deadlines">
            <h2 id="deadlines">{t('deadlines')}</h2>
            <ul className="deadlines">
              {view.deadlines.map((deadline) => {
                const open = deadline.status === 'OPEN' || deadline.status === 'OVERDUE';
                const left = deadlineLeft(deadline, now, language);
                return (
                  <li key={deadline.id} className={open && left.overdue ? 'overdue' : ''}>
                    <span>{DeadlineKinds.labels[deadline.kind as keyof typeof DeadlineKinds.labels]}</span>{' '}
                    <span>{formatDateTime(deadline.dueAt)}</span>{' '}
                    <strong>
                      {open ? left.text : deadline.status === 'MET' ? t('deadlineMet') : t('deadlineMetLate')}
                    </strong>
                  </li>
                );
              })}
            </ul>
          </section>
          <section aria-labelledby="timeline">
            <h2 id="timeline">{t('timeline')}</h2>
            {/* A new step moves the latest page: the earlier ones are asked for again from its new start. */}
            <EarlierSteps
              key={view.timeline.pageInfo.startCursor ?? ''}
              caseId={caseId}
              from={view.timeline.pageInfo}
              before={view.timeline.edges[0]?.node.revision ?? 0}
            />
            <Timeline entries={view.timeline.edges.map((edge) => edge.node)} />
          </section>
        </>
      )}
    </main>
  );
}

function Timeline({ entries }: { entries: readonly Entry[] }) {
  const { t } = useLanguage();
  return (
    <ol className="timeline">
      {entries.map((node) => (
        <li key={node.revision} className={node.visibility === 'REDACTED' ? 'redacted' : ''}>
          <time dateTime={node.recordedAt}>{formatDateTime(node.recordedAt)}</time>
          <span className="event-title">{titleOf(node.type)}</span>
          <span className="event-agency">
            {[roleOf(node.role), agencyOf(node.agency)].filter(Boolean).join(' · ')}
          </span>
          {node.visibility === 'REDACTED' && <span className="redacted-note">{t('redacted')}</span>}
          {node.visibility === 'VISIBLE' && node.data !== null && typeof node.data === 'object' && (
            <EventData type={node.type} data={node.data as Record<string, unknown>} />
          )}
        </li>
      ))}
    </ol>
  );
}

/**
 * A long case's earlier steps, a page at a time on request (they never change: recorded events are final).
 * The latest page above stays live; these are the ones before it.
 */
function EarlierSteps({
  caseId,
  from,
  before,
}: {
  caseId: string;
  from: { readonly hasPreviousPage: boolean; readonly startCursor?: string | null };
  /** The first revision the latest page shows: the earlier pages show only what comes before it. */
  before: number;
}) {
  const { t } = useLanguage();
  const { session } = useSession();
  const [pages, setPages] = useState<{ entries: Entry[]; more: boolean; cursor?: string | null }>({
    entries: [],
    more: from.hasPreviousPage,
    cursor: from.startCursor,
  });
  const [loading, setLoading] = useState(false);
  const { more, cursor } = pages;
  const load = async () => {
    if (!session || !cursor || loading) return;
    setLoading(true);
    try {
      const answer = await request(session.token, EARLIER, { id: caseId, before: cursor });
      const page = answer.case?.timeline;
      if (page)
        setPages((current) => ({
          // A page's cursor may include its own first entry: each revision is kept once.
          entries: [
            ...page.edges
              .map((edge) => edge.node)
              .filter((node) => !current.entries.some((known) => known.revision === node.revision)),
            ...current.entries,
          ],
          more: page.pageInfo.hasPreviousPage,
          cursor: page.pageInfo.startCursor,
        }));
    } finally {
      setLoading(false);
    }
  };
  return (
    <>
      {more && (
        <button type="button" onClick={() => void load()} disabled={loading}>
          {t('earlier')}
        </button>
      )}
      {pages.entries.length > 0 && (
        <Timeline entries={pages.entries.filter((entry) => entry.revision < before)} />
      )}
    </>
  );
}

/** On a conflict: what others recorded since the user opened the form. */
function Changes({ entries, since }: { entries: readonly Entry[]; since: number }) {
  const { t } = useLanguage();
  const changes = entries.filter((entry) => entry.revision > since);
  return (
    <section aria-labelledby="changes" className="changes">
      <h2 id="changes">{t('changesSince')}</h2>
      <Timeline entries={changes} />
    </section>
  );
}
