import {
  BirthRegistrationStatuses,
  ChildSupportKinds,
  communeLabel,
  DuplicateReasons,
  PersonalIdNumber,
  Sexes,
  ShortText,
  SpecialCircumstanceGroups,
} from '@chungtay/contracts/browser';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { GraphQLFailure, request, SessionExpired } from '../api.ts';
import { formatDateTime } from '../format.ts';
import { childDataSchemaOf } from '../forms/describe.ts';
import type { IdSource } from '../forms/draft.ts';
import { oneOfField } from '../forms/sent.ts';
import { type SendStep, StepForm } from '../forms/step-form.tsx';
import { gql, type ResultOf, type VariablesOf } from '../graphql.ts';
import { useLanguage } from '../i18n.tsx';
import { useSession } from '../session.tsx';
import { type ChildStep, childStepWords, fieldWords } from '../steps.ts';
import { useQuery } from '../use-query.ts';

const SEARCH = gql(`
  query Children($fullName: String, $personalIdNumber: String) {
    children(fullName: $fullName, personalIdNumber: $personalIdNumber) {
      childId communeCode birthYear sex
      details { fullName birthDate }
      withheld { field reason }
    }
  }
`);

const RECORD = gql(`
  query ChildRecordPage($id: ID!) {
    childRecord(id: $id) {
      childId revision communeCode sex birthYear birthRegistration specialCircumstances erased registeredAt cases
      details { fullName birthDate estimatedBirthYear ethnicity personalIdNumber withheld { field reason } }
      support { kind provider recordedAt }
      duplicates {
        childId reason status flaggedAt decidedAt
        record { childId communeCode birthYear details { fullName birthDate } }
      }
      availableSteps
      withheld { field reason }
    }
  }
`);

const CHILD_STEP = gql(`
  mutation ChildStep($childId: ID!, $revision: Int!, $command: ChildCommandInput!, $key: String) {
    childCommand(childId: $childId, expectedRevision: $revision, command: $command, idempotencyKey: $key) {
      id
      revision
    }
  }
`);

type Found = ResultOf<typeof SEARCH>['children'][number];
type ChildRecord = NonNullable<ResultOf<typeof RECORD>['childRecord']>;
type ChildCommandInput = VariablesOf<typeof CHILD_STEP>['command'];

const dayOf = (date: string | null | undefined) => (date ? date.split('-').reverse().join('/') : '');

/** What the record's page said last, once, after a step. */
const FLASH = 'chungtay-child-flash';

/** Find a child: by the whole name (diacritics, case and spacing aside) or the personal ID number. */
export function ChildrenSearch() {
  const { t } = useLanguage();
  const { session, signOut } = useSession();
  const [by, setBy] = useState<'fullName' | 'personalIdNumber'>('fullName');
  const [text, setText] = useState('');
  const [problem, setProblem] = useState<string | undefined>();
  const [found, setFound] = useState<readonly Found[] | undefined>();
  const [searching, setSearching] = useState(false);

  const search = async (event: FormEvent) => {
    event.preventDefault();
    if (!session || searching) return;
    // The contracts' own rule for each: a name of 1–500 letters, a 12-digit number.
    const checked = (by === 'fullName' ? ShortText : PersonalIdNumber).safeParse(text);
    if (!checked.success) return setProblem(t(by === 'fullName' ? 'nameNeeded' : 'idNumberNeeded'));
    setProblem(undefined);
    setSearching(true);
    try {
      const answer = await request(session.token, SEARCH, { [by]: checked.data });
      setFound(answer.children);
    } catch (error) {
      if (error instanceof SessionExpired) return signOut(true);
      setProblem(t(error instanceof GraphQLFailure && error.unavailable ? 'unavailable' : 'error'));
    } finally {
      setSearching(false);
    }
  };

  return (
    <main id="main" tabIndex={-1} className="page narrow">
      <h1>{t('childrenTitle')}</h1>
      <form onSubmit={(event) => void search(event)} noValidate className="search">
        <fieldset>
          <legend>{t('searchBy')}</legend>
          {(['fullName', 'personalIdNumber'] as const).map((kind) => (
            <label key={kind} className="choice">
              <input type="radio" name="by" value={kind} checked={by === kind} onChange={() => setBy(kind)} />{' '}
              {t(kind === 'fullName' ? 'byName' : 'byIdNumber')}
            </label>
          ))}
        </fieldset>
        <label htmlFor="child-search">{t(by === 'fullName' ? 'wholeName' : 'idNumber')}</label>
        {problem && (
          <p className="field-error" id="child-search-problem">
            {problem}
          </p>
        )}
        <input
          id="child-search"
          type="search"
          inputMode={by === 'personalIdNumber' ? 'numeric' : 'text'}
          autoComplete="off"
          value={text}
          aria-invalid={problem ? true : undefined}
          aria-describedby={problem ? 'child-search-problem' : undefined}
          onChange={(event) => setText(event.target.value)}
        />
        <button type="submit" className="primary" disabled={searching}>
          {t('search')}
        </button>
      </form>
      {found && (
        <section aria-labelledby="found">
          <h2 id="found">
            {t('found')}: {found.length}
          </h2>
          {found.length === 0 ? (
            <p>{t('noChildFound')}</p>
          ) : (
            <ul className="found">
              {found.map((child) => (
                <li key={child.childId}>
                  <a href={`#/children/${child.childId}`}>{child.details?.fullName ?? t('masked')}</a>
                  <span>
                    {[
                      dayOf(child.details?.birthDate) || child.birthYear,
                      child.sex ? Sexes.labels[child.sex] : undefined,
                      child.communeCode ? communeLabel(child.communeCode) : undefined,
                    ]
                      .filter(Boolean)
                      .join(' · ')}
                  </span>
                </li>
              ))}
            </ul>
          )}
        </section>
      )}
    </main>
  );
}

/** The steps the record's page offers as buttons of their own, beside the duplicate they decide. */
const DUPLICATE_STEPS: readonly ChildStep[] = ['ConfirmDuplicate', 'DismissDuplicate'];

/** A child's record: who the child is, their groups and birth registration, support given, duplicates. */
export function ChildRecordPage({ childId, step }: { childId: string; step?: ChildStep }) {
  const { t, language } = useLanguage();
  const { state, reload } = useQuery(RECORD, { id: childId });
  const [flash] = useState(() => {
    const said = sessionStorage.getItem(FLASH);
    sessionStorage.removeItem(FLASH);
    return said ?? undefined;
  });
  const [conflict, setConflict] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  const ready = state.status === 'ready';
  useEffect(() => {
    if (ready) heading.current?.focus();
  }, [ready]);
  const record = state.status === 'ready' ? state.data.childRecord : undefined;
  const name = record?.details?.fullName ?? t('masked');
  return (
    <main id="main" tabIndex={-1} className="page">
      <p>
        <a href={step ? `#/children/${childId}` : '#/children'}>
          ← {step ? t('cancelChild') : t('backChildren')}
        </a>
      </p>
      {state.status === 'loading' && <p>{t('loading')}</p>}
      {state.status === 'failed' && <p role="alert">{t(state.unavailable ? 'unavailable' : 'error')}</p>}
      {state.status === 'ready' && !record && <p role="alert">{t('noSuchChild')}</p>}
      {record && step && (
        <>
          <h1 ref={heading} tabIndex={-1}>
            {childStepWords[step][language]}
          </h1>
          <p className="status">
            {t('childRecord')}: {name}
          </p>
          {conflict && (
            <p className="error-summary" role="alert">
              {t('conflictChild')}
            </p>
          )}
          {(record.availableSteps as readonly string[]).includes(step) ? (
            <StepForm
              schema={childDataSchemaOf(step)}
              draftKey={`child:${childId}:${step}`}
              send={childStep(childId, step)}
              revision={record.revision}
              ids={childIdSources(record)}
              onDone={() => {
                sessionStorage.setItem(FLASH, childStepWords[step][language]);
                window.location.hash = `#/children/${childId}`;
              }}
              onConflict={() => {
                setConflict(true);
                void reload();
              }}
            />
          ) : (
            <p role="alert">{t('stepUnavailable')}</p>
          )}
        </>
      )}
      {record && !step && (
        <>
          <h1 ref={heading} tabIndex={-1}>
            {t('childRecord')}: {name}
          </h1>
          {flash && (
            <p className="notice" role="status">
              {t('recorded')}: {flash}
            </p>
          )}
          <ChildDetails record={record} />
          <section aria-labelledby="groups">
            <h2 id="groups">{t('specialCircumstances')}</h2>
            {record.specialCircumstances.length === 0 ? (
              <p>{t('noGroup')}</p>
            ) : (
              <ul>
                {record.specialCircumstances.map((group) => (
                  <li key={group}>{SpecialCircumstanceGroups.labels[group]}</li>
                ))}
              </ul>
            )}
          </section>
          <section aria-labelledby="support">
            <h2 id="support">{t('supportGiven')}</h2>
            {record.support.length === 0 ? (
              <p>{t('noSupport')}</p>
            ) : (
              <ul>
                {record.support.map((support) => (
                  <li key={`${support.recordedAt}-${support.kind}`}>
                    {formatDateTime(support.recordedAt)} — {ChildSupportKinds.labels[support.kind]} —{' '}
                    {support.provider}
                  </li>
                ))}
              </ul>
            )}
          </section>
          {record.cases.length > 0 && (
            <section aria-labelledby="cases">
              <h2 id="cases">{t('childCases')}</h2>
              <ul>
                {record.cases.map((caseId) => (
                  <li key={caseId}>
                    <a href={`#/cases/${caseId}`}>{t('openCase')}</a>
                  </li>
                ))}
              </ul>
            </section>
          )}
          <Duplicates record={record} onChanged={() => void reload()} />
          <section aria-labelledby="child-steps">
            <h2 id="child-steps">{t('steps')}</h2>
            {record.availableSteps.filter((available) => !DUPLICATE_STEPS.includes(available)).length ===
            0 ? (
              <p>{t('noSteps')}</p>
            ) : (
              <ul className="steps">
                {record.availableSteps
                  .filter((available) => !DUPLICATE_STEPS.includes(available))
                  .map((available) => (
                    <li key={available}>
                      <a className="button" href={`#/children/${childId}/${available}`}>
                        {childStepWords[available][language]}
                      </a>
                    </li>
                  ))}
              </ul>
            )}
          </section>
        </>
      )}
    </main>
  );
}

function ChildDetails({ record }: { record: ChildRecord }) {
  const { t, language } = useLanguage();
  const details = record.details;
  const erased = new Set(details?.withheld.filter((one) => one.reason === 'ERASED').map((one) => one.field));
  const said = (field: string, value: string | number | null | undefined) =>
    erased.has(field)
      ? t('erased')
      : value === null || value === undefined || value === ''
        ? '—'
        : String(value);
  const rows: Array<[string, string]> = details
    ? [
        [fieldWords.fullName?.[language] ?? 'fullName', said('fullName', details.fullName)],
        [
          fieldWords.birthDate?.[language] ?? 'birthDate',
          details.birthDate || erased.has('birthDate')
            ? said('birthDate', dayOf(details.birthDate))
            : said('estimatedBirthYear', details.estimatedBirthYear),
        ],
        [fieldWords.sex?.[language] ?? 'sex', record.sex ? Sexes.labels[record.sex] : '—'],
        [fieldWords.ethnicity?.[language] ?? 'ethnicity', said('ethnicity', details.ethnicity)],
        [
          fieldWords.personalIdNumber?.[language] ?? 'personalIdNumber',
          said('personalIdNumber', details.personalIdNumber),
        ],
      ]
    : [[fieldWords.fullName?.[language] ?? 'fullName', t('masked')]];
  return (
    <section aria-labelledby="identity">
      <h2 id="identity">{t('child')}</h2>
      <dl className="event-data">
        {rows.map(([label, value]) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
        <div>
          <dt>{t('commune')}</dt>
          <dd>{record.communeCode ? communeLabel(record.communeCode) : '—'}</dd>
        </div>
        <div>
          <dt>{t('birthRegistration')}</dt>
          <dd>
            {record.birthRegistration ? BirthRegistrationStatuses.labels[record.birthRegistration] : '—'}
          </dd>
        </div>
        {record.registeredAt && (
          <div>
            <dt>{fieldWords.registeredAt?.[language]}</dt>
            <dd>{formatDateTime(record.registeredAt)}</dd>
          </div>
        )}
      </dl>
      {record.erased && <p className="notice">{t('childErased')}</p>}
    </section>
  );
}

/** The records intake flagged as maybe this child: side by side, confirmed or dismissed by a person. */
function Duplicates({ record, onChanged }: { record: ChildRecord; onChanged: () => void }) {
  const { t } = useLanguage();
  const { session, signOut } = useSession();
  const [reasons, setReasons] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState<{ childId: string; text: string } | undefined>();
  const [key] = useState(() => `child-${crypto.randomUUID()}`);
  const mayConfirm = record.availableSteps.includes('ConfirmDuplicate');
  const mayDismiss = record.availableSteps.includes('DismissDuplicate');
  if (record.duplicates.length === 0) return null;

  const decide = async (otherChildId: string, confirm: boolean) => {
    if (!session) return;
    const now = new Date().toISOString();
    const reason = (reasons[otherChildId] ?? '').trim();
    if (!confirm && !ShortText.safeParse(reason).success)
      return setProblem({ childId: otherChildId, text: t('reasonNeeded') });
    const command: ChildCommandInput = confirm
      ? { confirmDuplicate: { otherChildId, confirmedAt: now } }
      : { dismissDuplicate: { otherChildId, dismissedAt: now, reason } };
    try {
      await request(session.token, CHILD_STEP, {
        childId: record.childId,
        revision: record.revision,
        command,
        key: `${key}-${otherChildId}`,
      });
      setProblem(undefined);
      onChanged();
    } catch (error) {
      if (error instanceof SessionExpired) return signOut(true);
      setProblem({
        childId: otherChildId,
        text: t(error instanceof GraphQLFailure && error.conflict ? 'conflictChild' : 'error'),
      });
    }
  };

  return (
    <section aria-labelledby="duplicates">
      <h2 id="duplicates">{t('possibleDuplicates')}</h2>
      <ul className="duplicates">
        {record.duplicates.map((duplicate) => {
          const other = duplicate.record;
          return (
            <li key={duplicate.childId}>
              <p>
                <strong>{DuplicateReasons.labels[duplicate.reason]}</strong> ·{' '}
                {t(
                  duplicate.status === 'POSSIBLE'
                    ? 'duplicatePossible'
                    : duplicate.status === 'CONFIRMED'
                      ? 'duplicateConfirmed'
                      : 'duplicateDismissed',
                )}
              </p>
              {other ? (
                <p>
                  <a href={`#/children/${other.childId}`}>{other.details?.fullName ?? t('masked')}</a> ·{' '}
                  {dayOf(other.details?.birthDate) || other.birthYear || ''} ·{' '}
                  {other.communeCode ? communeLabel(other.communeCode) : ''}
                </p>
              ) : (
                <p>{t('otherRecordOutOfReach')}</p>
              )}
              {duplicate.status === 'POSSIBLE' && (mayConfirm || mayDismiss) && (
                <div className="decide">
                  {problem?.childId === duplicate.childId && (
                    <p className="error-summary" role="alert">
                      {problem.text}
                    </p>
                  )}
                  {mayConfirm && (
                    <button
                      type="button"
                      className="primary"
                      onClick={() => void decide(duplicate.childId, true)}
                    >
                      {t('confirmSame')}
                    </button>
                  )}
                  {mayDismiss && (
                    <>
                      <label htmlFor={`dismiss-${duplicate.childId}`}>{t('dismissReason')}</label>
                      <input
                        id={`dismiss-${duplicate.childId}`}
                        value={reasons[duplicate.childId] ?? ''}
                        onChange={(event) =>
                          setReasons((current) => ({ ...current, [duplicate.childId]: event.target.value }))
                        }
                      />
                      <button type="button" onClick={() => void decide(duplicate.childId, false)}>
                        {t('dismissNotSame')}
                      </button>
                    </>
                  )}
                </div>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}

/** A child step: the case service's command on the record, typed as the gateway's `ChildCommandInput`. */
const childStep =
  (childId: string, step: ChildStep): SendStep =>
  (token, data, { revision, key }) =>
    request(token, CHILD_STEP, {
      childId,
      revision,
      // The key is computed: the input's type is asserted, and the data checked with the contracts' schema.
      command: oneOfField(step, data) as ChildCommandInput,
      key,
    });

/** Which record a duplicate step is about: picked from the possible duplicates the record holds. */
function childIdSources(record: ChildRecord): Record<string, IdSource> {
  return {
    otherChildId: {
      pick: record.duplicates
        .filter((duplicate) => duplicate.status === 'POSSIBLE')
        .map((duplicate) => ({
          value: duplicate.childId,
          label: duplicate.record?.details?.fullName ?? duplicate.childId.slice(0, 8),
        })),
    },
  };
}
