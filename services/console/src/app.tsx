import { Roles } from '@chungtay/contracts/browser';
import { lazy, Suspense, useEffect, useState } from 'react';
import { gql } from './graphql.ts';
import { useLanguage } from './i18n.tsx';
import { Queue } from './pages/queue.tsx';
import { SignIn } from './pages/sign-in.tsx';
import { useSession } from './session.tsx';
import { type ChildStep, type ConsoleStep, childStepWords, stepWords } from './steps.ts';
import { useQuery } from './use-query.ts';

/** Screens by the hash (`#/cases/<id>`): the platform's own routes (/cases, /graphql) stay the API's. */
function useRoute(): string {
  const [hash, setHash] = useState(window.location.hash);
  useEffect(() => {
    const changed = () => setHash(window.location.hash);
    window.addEventListener('hashchange', changed);
    return () => window.removeEventListener('hashchange', changed);
  }, []);
  return hash.replace(/^#/, '') || '/';
}

const CHILD_ROUTE = /^\/children\/([0-9a-f-]{36})(?:\/([A-Za-z]+))?$/i;
const CASE_ROUTE = /^\/cases\/([0-9a-f-]{36})(?:\/([A-Za-z]+))?$/i;
const PRINT_ROUTE = /^\/cases\/([0-9a-f-]{36})\/print\/([A-Za-z]+)$/i;

// The queue is the first screen on a phone: the other screens load when first opened (the initial
// JavaScript stays small on a 1.6 Mbit/s link; decision 0045's load budget).
const CasePage = lazy(() => import('./pages/case.tsx').then((module) => ({ default: module.CasePage })));
const Intake = lazy(() => import('./pages/intake.tsx').then((module) => ({ default: module.Intake })));
const PrintPage = lazy(() => import('./pages/print.tsx').then((module) => ({ default: module.PrintPage })));
const ChildrenSearch = lazy(() =>
  import('./pages/children.tsx').then((module) => ({ default: module.ChildrenSearch })),
);
const ChildRecordPage = lazy(() =>
  import('./pages/children.tsx').then((module) => ({ default: module.ChildRecordPage })),
);

const isChildStep = (name: string | undefined): name is ChildStep =>
  name !== undefined && Object.hasOwn(childStepWords, name);

const isStep = (name: string | undefined): name is ConsoleStep =>
  name !== undefined && Object.hasOwn(stepWords, name);

const VIEWER = gql(`
  query Viewer { viewer { role canReceiveReports canSearchChildren } }
`);

export function App() {
  const { t, language, setLanguage } = useLanguage();
  const { session, signOut } = useSession();
  const route = useRoute();
  // What the console offers comes from the server (decision 0050): Form 01 only to receiving points.
  const { state: viewer } = useQuery(VIEWER, {});
  const receives = viewer.status === 'ready' && viewer.data.viewer.canReceiveReports;
  const searchesChildren = viewer.status === 'ready' && viewer.data.viewer.canSearchChildren;
  useEffect(() => {
    document.documentElement.lang = language;
  }, [language]);
  const printing = PRINT_ROUTE.exec(route);
  const printed = printing ? { caseId: printing[1] as string, event: printing[2] as string } : undefined;
  const match = CASE_ROUTE.exec(route);
  const caseId = match?.[1];
  const step = isStep(match?.[2]) ? match[2] : undefined;
  const childMatch = CHILD_ROUTE.exec(route);
  const childId = childMatch?.[1];
  const childStep = isChildStep(childMatch?.[2]) ? childMatch[2] : undefined;
  return (
    <>
      {/* A button, not a link: the hash holds the screen's route, so "#main" would navigate away. */}
      <button type="button" className="skip" onClick={() => document.getElementById('main')?.focus()}>
        {t('skip')}
      </button>
      <header className="bar">
        <span className="brand">{t('appName')}</span>
        <nav aria-label="Chung Tay">
          {session && <span className="who">{Roles.labels[session.user.role]}</span>}
          {session && (
            <>
              <a href="#/">{t('workQueue')}</a>
              {receives && <a href="#/intake">{t('intakeNav')}</a>}
              {searchesChildren && <a href="#/children">{t('childrenNav')}</a>}
            </>
          )}
          <button type="button" onClick={() => setLanguage(language === 'vi' ? 'en' : 'vi')}>
            {t('language')}
          </button>
          {session && (
            <button type="button" onClick={() => signOut()}>
              {t('signOut')}
            </button>
          )}
        </nav>
      </header>
      <Suspense
        fallback={
          <main id="main" tabIndex={-1} className="page">
            <p>{t('loading')}</p>
          </main>
        }
      >
        {!session ? (
          <SignIn />
        ) : printed ? (
          <PrintPage caseId={printed.caseId} event={printed.event} />
        ) : childId ? (
          <ChildRecordPage
            key={`${childId}/${childStep ?? ''}`}
            childId={childId}
            {...(childStep ? { step: childStep } : {})}
          />
        ) : route === '/children' ? (
          <ChildrenSearch />
        ) : caseId ? (
          <CasePage
            key={`${caseId}/${step ?? ''}`}
            caseId={caseId}
            readsChildren={searchesChildren}
            {...(step ? { step } : {})}
          />
        ) : route === '/intake' || (route === '/' && receives && session.user.role === 'hotline_operator') ? (
          receives ? (
            <Intake />
          ) : (
            <main id="main" tabIndex={-1} className="page narrow">
              <p role="alert">{viewer.status === 'loading' ? t('loading') : t('notPermitted')}</p>
            </main>
          )
        ) : (
          <Queue />
        )}
      </Suspense>
    </>
  );
}
