import {
  AgencyLabels,
  CaseStatuses,
  communeLabel,
  DeadlineKinds,
  type EventType,
  eventDefinitions,
} from '@chungtay/contracts/browser';
import { formatDateTime, timeLeft } from '../format.ts';
import type { CaseSummaryView } from '../gateway-types.ts';
import { useLanguage } from '../i18n.tsx';
import { useQuery } from '../use-query.ts';

const CASE = `query CasePage($id: ID!) {
  case(id: $id) {
    id revision status communeCode
    deadlines { id kind dueAt status metAt }
    timeline(first: 100) { edges { node { revision type recordedAt agency visibility } } }
  }
}`;

interface CaseData {
  case:
    | (CaseSummaryView & {
        revision: number;
        timeline: {
          edges: Array<{
            node: {
              revision: number;
              type: string;
              recordedAt: string;
              agency: keyof typeof AgencyLabels;
              visibility: 'VISIBLE' | 'REDACTED';
            };
          }>;
        };
      })
    | null;
}

const titleOf = (type: string): string =>
  Object.hasOwn(eventDefinitions, type) ? eventDefinitions[type as EventType].title : type;

/** One case: where it stands, its legal deadlines and its timeline, through the reader's lens. */
export function CasePage({ caseId }: { caseId: string }) {
  const { t, language } = useLanguage();
  const { state } = useQuery<CaseData>(CASE, { id: caseId });
  const now = new Date();
  return (
    <main id="main" tabIndex={-1} className="page">
      <p>
        <a href="#/">← {t('back')}</a>
      </p>
      {state.status === 'loading' && <p>{t('loading')}</p>}
      {state.status === 'failed' && <p role="alert">{t(state.unavailable ? 'unavailable' : 'error')}</p>}
      {state.status === 'ready' && !state.data.case && <p role="alert">{t('notFound')}</p>}
      {state.status === 'ready' && state.data.case && (
        <>
          <h1>
            {t('caseTitle')} · {state.data.case.communeCode ? communeLabel(state.data.case.communeCode) : '—'}
          </h1>
          <p className="status">
            {t('status')}: <strong>{CaseStatuses.labels[state.data.case.status]}</strong>
          </p>
          <section aria-labelledby="deadlines">
            <h2 id="deadlines">{t('deadlines')}</h2>
            <ul className="deadlines">
              {state.data.case.deadlines.map((deadline) => {
                const open = deadline.status === 'OPEN' || deadline.status === 'OVERDUE';
                const left = timeLeft(deadline.dueAt, now, language);
                return (
                  <li key={deadline.id} className={open && left.overdue ? 'overdue' : ''}>
                    <span>{DeadlineKinds.labels[deadline.kind]}</span>{' '}
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
            <ol className="timeline">
              {state.data.case.timeline.edges.map(({ node }) => (
                <li key={node.revision} className={node.visibility === 'REDACTED' ? 'redacted' : ''}>
                  <time dateTime={node.recordedAt}>{formatDateTime(node.recordedAt)}</time>
                  <span className="event-title">{titleOf(node.type)}</span>
                  <span className="event-agency">
                    {t('by')}: {AgencyLabels[node.agency] ?? node.agency}
                  </span>
                  {node.visibility === 'REDACTED' && <span className="redacted-note">{t('redacted')}</span>}
                </li>
              ))}
            </ol>
          </section>
        </>
      )}
    </main>
  );
}
