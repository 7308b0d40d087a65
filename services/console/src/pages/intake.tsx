import {
  FormsOfHarm,
  ReportCategories,
  ReportChannels,
  ReportReceived,
  Sexes,
} from '@chungtay/contracts/browser';
import { type FormEvent, useState } from 'react';
import { GraphQLFailure, request, SessionExpired } from '../api.ts';
import { CommunePicker, Field } from '../forms/field.tsx';
import { useStoredState } from '../forms/stored.ts';
import { gql } from '../graphql.ts';
import { useLanguage } from '../i18n.tsx';
import { useSession } from '../session.tsx';

/** Form 01 as the case service takes it: the same schema, the receiving agency from the caller's token. */
const Form01 = ReportReceived.omit({ receivingAgency: true });

const RECEIVE = gql(`
  mutation Receive($report: JSON!, $key: String) {
    receiveReport(report: $report, idempotencyKey: $key) { id revision caseNumber }
  }
`);

/** The instant as `datetime-local` shows it in Asia/Ho_Chi_Minh, and back (Viet Nam keeps +07:00 all year). */
const localNow = () => new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 16);
const fromLocal = (value: string) => `${value}:00+07:00`;

interface Draft {
  channel: string;
  receivedAt: string;
  commune: string;
  category: string;
  formsOfHarm: string[];
  childName: string;
  childAge: string;
  childSex: string;
  narrative: string;
  consent: boolean;
  reporterName: string;
  reporterPhone: string;
}

const emptyDraft = (): Draft => ({
  channel: 'HOTLINE_111',
  receivedAt: localNow(),
  commune: '',
  category: 'ABUSED',
  formsOfHarm: [],
  childName: '',
  childAge: '',
  childSex: 'UNKNOWN',
  narrative: '',
  consent: false,
  reporterName: '',
  reporterPhone: '',
});

const freshIntake = () => ({
  draft: emptyDraft(),
  ids: { caseId: crypto.randomUUID(), childId: crypto.randomUUID(), reporterId: crypto.randomUUID() },
  key: `intake-${crypto.randomUUID()}`,
});

/** Where each field's problems are shown: the schema's path, as the form names its inputs. */
const fieldOf = (path: string): keyof Draft | undefined =>
  (
    ({
      channel: 'channel',
      receivedAt: 'receivedAt',
      incidentCommuneCode: 'commune',
      category: 'category',
      formsOfHarm: 'formsOfHarm',
      'child.fullName': 'childName',
      'child.estimatedAge': 'childAge',
      'child.sex': 'childSex',
      narrative: 'narrative',
      'reporter.fullName': 'reporterName',
      'reporter.phone': 'reporterPhone',
    }) as Record<string, keyof Draft>
  )[path.replace(/^data\./, '')];

/** Form 01: the hotline's (or any receiving point's) intake; afterwards a receipt, not the case. */
export function Intake() {
  const { t } = useLanguage();
  const { session, signOut } = useSession();
  // Kept in the tab's session storage (decision 0048): what was typed, and the ids and retry key made when the
  // form opened, so a double click, a retry or a reload after an expired session sends the same report once.
  const [stored, setStored, forget] = useStoredState('intake', freshIntake);
  const { draft, ids, key } = stored;
  const [problems, setProblems] = useState<Partial<Record<keyof Draft, string>>>({});
  const [failure, setFailure] = useState<string | undefined>();
  const [receipt, setReceipt] = useState<{ id: string; at: string } | undefined>();
  const [sending, setSending] = useState(false);
  const set = <Field extends keyof Draft>(field: Field, value: Draft[Field]) =>
    setStored((current) => ({ ...current, draft: { ...current.draft, [field]: value } }));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!session || sending) return;
    const report = {
      caseId: ids.caseId,
      receivedAt: fromLocal(draft.receivedAt),
      channel: draft.channel,
      incidentCommuneCode: draft.commune,
      category: draft.category,
      formsOfHarm: draft.formsOfHarm,
      child: {
        childId: ids.childId,
        sex: draft.childSex,
        ...(draft.childName.trim() ? { fullName: draft.childName.trim() } : {}),
        ...(draft.childAge ? { estimatedAge: Number(draft.childAge) } : {}),
      },
      relatives: [],
      narrative: draft.narrative,
      reporter: draft.consent
        ? {
            consentToRecordIdentity: true,
            reporterId: ids.reporterId,
            fullName: draft.reporterName,
            ...(draft.reporterPhone.trim() ? { phone: draft.reporterPhone.trim() } : {}),
          }
        : { consentToRecordIdentity: false },
    };
    const checked = Form01.safeParse(report);
    if (!checked.success) {
      const found: Partial<Record<keyof Draft, string>> = {};
      for (const issue of checked.error.issues) {
        const field = fieldOf(issue.path.join('.'));
        if (field) found[field] ??= t('fieldInvalid');
      }
      setProblems(found);
      setFailure(t('fixFields'));
      return;
    }
    setSending(true);
    setProblems({});
    setFailure(undefined);
    try {
      const answer = await request(session.token, RECEIVE, {
        report: checked.data,
        key,
      });
      forget();
      setReceipt({ id: answer.receiveReport.caseNumber ?? answer.receiveReport.id, at: draft.receivedAt });
    } catch (error) {
      if (error instanceof SessionExpired) return signOut(true);
      if (error instanceof GraphQLFailure && error.fields.length > 0) {
        const found: Partial<Record<keyof Draft, string>> = {};
        for (const problem of error.fields) {
          const field = fieldOf(problem.field);
          if (field) found[field] = problem.message;
        }
        setProblems(found);
      }
      // What the user typed stays in the form.
      setFailure(error instanceof GraphQLFailure ? error.message : t('error'));
    } finally {
      setSending(false);
    }
  };

  if (receipt)
    return (
      <main id="main" tabIndex={-1} className="page narrow">
        <h1>{t('receiptTitle')}</h1>
        <p className="notice" role="status">
          {t('receiptText')}
        </p>
        <p>
          {t('receiptNumber')}: <code>{receipt.id}</code>
        </p>
        <button
          type="button"
          onClick={() => {
            setStored(freshIntake());
            forget();
            setReceipt(undefined);
          }}
        >
          {t('newReport')}
        </button>
      </main>
    );

  return (
    <main id="main" tabIndex={-1} className="page narrow">
      <h1>{t('intakeTitle')}</h1>
      <form onSubmit={(event) => void submit(event)} noValidate>
        {failure && (
          <p className="error-summary" role="alert">
            {failure}
          </p>
        )}
        <Field label={t('channel')} problem={problems.channel}>
          {(id) => (
            <select id={id} value={draft.channel} onChange={(event) => set('channel', event.target.value)}>
              {ReportChannels.codes.map((code) => (
                <option key={code} value={code}>
                  {ReportChannels.labels[code]}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('receivedAt')} problem={problems.receivedAt}>
          {(id) => (
            <input
              id={id}
              type="datetime-local"
              value={draft.receivedAt}
              onChange={(event) => set('receivedAt', event.target.value)}
            />
          )}
        </Field>
        <CommunePicker
          value={draft.commune}
          onChange={(code) => set('commune', code)}
          problem={problems.commune}
        />
        <fieldset>
          <legend>{t('category')}</legend>
          {ReportCategories.codes.map((code) => (
            <label key={code} className="choice">
              <input
                type="radio"
                name="category"
                value={code}
                checked={draft.category === code}
                onChange={() => set('category', code)}
              />{' '}
              {ReportCategories.labels[code]}
            </label>
          ))}
        </fieldset>
        <fieldset>
          <legend>{t('formsOfHarm')}</legend>
          {problems.formsOfHarm && <p className="field-error">{problems.formsOfHarm}</p>}
          {FormsOfHarm.codes.map((code) => (
            <label key={code} className="choice">
              <input
                type="checkbox"
                checked={draft.formsOfHarm.includes(code)}
                onChange={(event) =>
                  set(
                    'formsOfHarm',
                    event.target.checked
                      ? [...draft.formsOfHarm, code]
                      : draft.formsOfHarm.filter((chosen) => chosen !== code),
                  )
                }
              />{' '}
              {FormsOfHarm.labels[code]}
            </label>
          ))}
        </fieldset>
        <fieldset>
          <legend>{t('child')}</legend>
          <Field label={t('childName')} problem={problems.childName}>
            {(id) => (
              <input
                id={id}
                value={draft.childName}
                onChange={(event) => set('childName', event.target.value)}
              />
            )}
          </Field>
          <Field label={t('childAge')} problem={problems.childAge}>
            {(id) => (
              <input
                id={id}
                inputMode="numeric"
                value={draft.childAge}
                onChange={(event) => set('childAge', event.target.value.replace(/\D/g, ''))}
              />
            )}
          </Field>
          <Field label={t('childSex')} problem={problems.childSex}>
            {(id) => (
              <select
                id={id}
                value={draft.childSex}
                onChange={(event) => set('childSex', event.target.value)}
              >
                {Sexes.codes.map((code) => (
                  <option key={code} value={code}>
                    {Sexes.labels[code]}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </fieldset>
        <Field label={t('narrative')} problem={problems.narrative}>
          {(id) => (
            <textarea
              id={id}
              rows={5}
              value={draft.narrative}
              onChange={(event) => set('narrative', event.target.value)}
            />
          )}
        </Field>
        <fieldset>
          <legend>{t('reporter')}</legend>
          <label className="choice">
            <input
              type="checkbox"
              checked={draft.consent}
              onChange={(event) => set('consent', event.target.checked)}
            />{' '}
            {t('reporterConsent')}
          </label>
          {draft.consent && (
            <>
              <Field label={t('reporterName')} problem={problems.reporterName}>
                {(id) => (
                  <input
                    id={id}
                    value={draft.reporterName}
                    onChange={(event) => set('reporterName', event.target.value)}
                  />
                )}
              </Field>
              <Field label={t('reporterPhone')} problem={problems.reporterPhone}>
                {(id) => (
                  <input
                    id={id}
                    inputMode="tel"
                    value={draft.reporterPhone}
                    onChange={(event) => set('reporterPhone', event.target.value)}
                  />
                )}
              </Field>
            </>
          )}
        </fieldset>
        <button type="submit" className="primary" disabled={sending}>
          {t('submitReport')}
        </button>
      </form>
    </main>
  );
}
