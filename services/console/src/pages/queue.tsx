import {
  type CaseStatus,
  CaseStatuses,
  communeLabel,
  DeadlineKinds,
  FormsOfHarm,
  ReportCategories,
} from '@chungtay/contracts/browser';
import { useMemo, useState } from 'react';
import { deadlineLeft, formatDateTime } from '../format.ts';
import { gql } from '../graphql.ts';
import { useLanguage } from '../i18n.tsx';
import { useLive } from '../use-live.ts';
import { useQuery } from '../use-query.ts';

const QUEUE = gql(`
  query WorkQueue($first: Int!, $status: String, $caseNumber: String, $category: String, $formOfHarm: String, $manager: ManagerFilter) {
    workQueue(first: $first, status: $status, caseNumber: $caseNumber, category: $category, formOfHarm: $formOfHarm, manager: $manager) {
      edges { node { id caseNumber status communeCode managedBy transfer { toCommuneCode } deadlines { id kind dueAt status workingDaysLeft } } }
      pageInfo { hasNextPage }
    }
    queueCounts(caseNumber: $caseNumber, category: $category, formOfHarm: $formOfHarm, manager: $manager) { status count }
  }
`);

const QUEUE_CHANGED = gql(`
  subscription QueueChanged {
    queueChanged { caseId revision }
  }
`);

const PAGE = 50;

/** The cases in the caller's scope, the nearest open deadline first (the gateway orders them). */
export function Queue() {
  const { t, language } = useLanguage();
  const [status, setStatus] = useState('');
  const [caseNumber, setCaseNumber] = useState('');
  const [category, setCategory] = useState('');
  const [formOfHarm, setFormOfHarm] = useState('');
  const [manager, setManager] = useState<'' | 'MINE' | 'UNASSIGNED'>('');
  const [first, setFirst] = useState(PAGE);
  const wanted = caseNumber.trim();
  const variables = useMemo(
    () => ({
      first,
      ...(status ? { status } : {}),
      ...(wanted ? { caseNumber: wanted } : {}),
      ...(category ? { category } : {}),
      ...(formOfHarm ? { formOfHarm } : {}),
      ...(manager ? { manager } : {}),
    }),
    [first, status, wanted, category, formOfHarm, manager],
  );
  const { state, reload } = useQuery(QUEUE, variables);
  // The counts of the last answer stay while the next one loads, so the filters do not jump.
  const counts = new Map(
    state.status === 'ready' ? state.data.queueCounts.map((entry) => [entry.status, entry.count]) : [],
  );
  const total = [...counts.values()].reduce((sum, count) => sum + count, 0);
  useLive(QUEUE_CHANGED, {}, () => void reload());
  const now = new Date();
  return (
    <main id="main" tabIndex={-1} className="page">
      <h1>{t('workQueue')}</h1>
      <div className="filters">
        <label>
          {t('status')}{' '}
          <select value={status} onChange={(event) => setStatus(event.target.value)}>
            <option value="">
              {t('allStatuses')} ({total})
            </option>
            {CaseStatuses.codes
              .filter((code) => code !== 'NONE')
              .map((code) => (
                <option key={code} value={code}>
                  {CaseStatuses.labels[code]} ({counts.get(code) ?? 0})
                </option>
              ))}
          </select>
        </label>
        <label>
          {t('category')}{' '}
          <select value={category} onChange={(event) => setCategory(event.target.value)}>
            <option value="">{t('all')}</option>
            {ReportCategories.codes.map((code) => (
              <option key={code} value={code}>
                {ReportCategories.labels[code]}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('formsOfHarm')}{' '}
          <select value={formOfHarm} onChange={(event) => setFormOfHarm(event.target.value)}>
            <option value="">{t('all')}</option>
            {FormsOfHarm.codes.map((code) => (
              <option key={code} value={code}>
                {FormsOfHarm.labels[code]}
              </option>
            ))}
          </select>
        </label>
        {/* Offered where the gateway tells this reader who manages cases (the matrix's case_manager row). */}
        {(manager ||
          (state.status === 'ready' && state.data.workQueue.edges.some(({ node }) => node.managedBy))) && (
          <label>
            {t('manager')}{' '}
            <select value={manager} onChange={(event) => setManager(event.target.value as typeof manager)}>
              <option value="">{t('all')}</option>
              <option value="MINE">{t('myCases')}</option>
              <option value="UNASSIGNED">{t('unassigned')}</option>
            </select>
          </label>
        )}
        <label>
          {t('caseNumber')}{' '}
          <input
            type="search"
            inputMode="numeric"
            value={caseNumber}
            placeholder="21583-2026-0042"
            onChange={(event) => setCaseNumber(event.target.value)}
          />
        </label>
      </div>
      {state.status === 'loading' && <p>{t('loading')}</p>}
      {state.status === 'failed' && <p role="alert">{t(state.unavailable ? 'unavailable' : 'error')}</p>}
      {state.status === 'ready' && (
        <>
          <p className="count" role="status">
            {status ? (counts.get(status) ?? 0) : total} {t('caseCount')}
          </p>
          {state.data.workQueue.edges.length === 0 && <p>{t('empty')}</p>}
          <ul className="queue" aria-label={t('workQueue')}>
            {state.data.workQueue.edges.map(({ node }) => {
              const next = node.deadlines
                .filter((deadline) => deadline.status === 'OPEN' || deadline.status === 'OVERDUE')
                .sort((a, b) => Date.parse(a.dueAt) - Date.parse(b.dueAt))[0];
              const left = next ? deadlineLeft(next, now, language) : undefined;
              return (
                <li key={node.id} className={left?.overdue ? 'case overdue' : 'case'}>
                  <a href={`#/cases/${node.id}`}>
                    <span className="case-number">{node.caseNumber ?? t('noNumber')}</span>
                    <span className="case-status">{CaseStatuses.labels[node.status as CaseStatus]}</span>
                    <span className="case-commune">
                      {node.communeCode ? communeLabel(node.communeCode) : '—'}
                      {node.transfer && (
                        <strong className="case-transfer">
                          {' '}
                          → {t('transferTo')} {communeLabel(node.transfer.toCommuneCode)}
                        </strong>
                      )}
                    </span>
                    <span className="case-deadline">
                      {next && left ? (
                        <>
                          {DeadlineKinds.labels[next.kind as keyof typeof DeadlineKinds.labels]}:{' '}
                          {formatDateTime(next.dueAt)} <strong>({left.text})</strong>
                        </>
                      ) : (
                        t('noDeadline')
                      )}
                    </span>
                  </a>
                </li>
              );
            })}
          </ul>
          {state.data.workQueue.pageInfo.hasNextPage && (
            <button type="button" onClick={() => setFirst(first + PAGE)}>
              {t('more')}
            </button>
          )}
        </>
      )}
    </main>
  );
}
