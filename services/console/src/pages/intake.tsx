import { Reporter, ReportReceived } from '@chungtay/contracts/browser';
import { type FormEvent, useMemo, useState } from 'react';
import type { z } from 'zod';
import { GraphQLFailure, request, SessionExpired } from '../api.ts';
import { type Field, fieldsOf } from '../forms/describe.ts';
import { type Draft, initialDraft, toData } from '../forms/draft.ts';
import { FieldInputs } from '../forms/inputs.tsx';
import { schemaProblems, serverProblems } from '../forms/problems.ts';
import { sent } from '../forms/sent.ts';
import { useStoredState } from '../forms/stored.ts';
import { gql } from '../graphql.ts';
import { useLanguage } from '../i18n.tsx';
import { useSession } from '../session.tsx';
import { fieldWords } from '../steps.ts';

/** Form 01 as the case service takes it: the receiving agency is the caller's, the case number the service's. */
const Form01 = ReportReceived.omit({ receivingAgency: true, caseNumber: true });
/** Every field of Form 01 but the case's id (made when the form opens) and the reporter (asked with consent). */
const reportFields: Field[] = fieldsOf(Form01.omit({ caseId: true, reporter: true }));
/** The reporter's identity, recorded only with their consent (D56 Art. 25). */
const consenting = Reporter.options[1] as unknown as z.ZodObject;
const reporterFields: Field[] = fieldsOf(
  consenting.omit({ consentToRecordIdentity: true, reporterId: true }),
);

const RECEIVE = gql(`
  mutation Receive($report: ReceiveReportInput!, $key: String) {
    receiveReport(report: $report, idempotencyKey: $key) { id revision caseNumber }
  }
`);

interface Stored {
  readonly report: Draft;
  readonly consent: boolean;
  readonly reporter: Draft;
  readonly ids: { readonly caseId: string; readonly reporterId: string };
  /** Made when the form opened: a double click, a retry or a reload sends the report once. */
  readonly key: string;
}

const freshIntake = (): Stored => ({
  report: { ...initialDraft(reportFields), channel: 'HOTLINE_111' },
  consent: false,
  reporter: initialDraft(reporterFields),
  ids: { caseId: crypto.randomUUID(), reporterId: crypto.randomUUID() },
  key: `intake-${crypto.randomUUID()}`,
});

/** Form 01: the hotline's (or any receiving point's) intake; afterwards a receipt, not the case. */
export function Intake() {
  const { t, language } = useLanguage();
  const { session, signOut } = useSession();
  // Kept in the tab's session storage (decision 0048): what was typed, and the ids and retry key made when the
  // form opened, so a double click, a retry or a reload after an expired session sends the same report once.
  const [stored, setStored, forget] = useStoredState('intake', freshIntake);
  const [problems, setProblems] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string | undefined>();
  const [receipt, setReceipt] = useState<string | undefined>();
  const [sending, setSending] = useState(false);
  const labelOf = useMemo(() => (name: string) => fieldWords[name]?.[language] ?? name, [language]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!session || sending) return;
    const report = {
      ...toData(reportFields, stored.report),
      caseId: stored.ids.caseId,
      reporter: stored.consent
        ? {
            consentToRecordIdentity: true,
            reporterId: stored.ids.reporterId,
            ...toData(reporterFields, stored.reporter),
          }
        : { consentToRecordIdentity: false },
    };
    const checked = Form01.safeParse(report);
    if (!checked.success) {
      const { fields: found, summary } = schemaProblems(checked.error.issues, t);
      setProblems(found);
      setFailure(summary);
      return;
    }
    setSending(true);
    setProblems({});
    setFailure(undefined);
    try {
      const answer = await request(session.token, RECEIVE, { report: sent(checked.data), key: stored.key });
      forget();
      setReceipt(answer.receiveReport.caseNumber ?? answer.receiveReport.id);
    } catch (error) {
      if (error instanceof SessionExpired) return signOut(true);
      if (!(error instanceof GraphQLFailure)) return setFailure(t('error'));
      // What the user typed stays in the form.
      const { fields: found, summary } = serverProblems(error, language, t);
      setProblems(found);
      setFailure(summary);
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
          {t('receiptNumber')}: <code>{receipt}</code>
        </p>
        <button
          type="button"
          onClick={() => {
            setStored(freshIntake());
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
        <FieldInputs
          fields={reportFields}
          draft={stored.report}
          ids={{}}
          problems={problems}
          path=""
          labelOf={labelOf}
          onChange={(report) => setStored((current) => ({ ...current, report }))}
        />
        <fieldset>
          <legend>{t('reporter')}</legend>
          <label className="choice">
            <input
              type="checkbox"
              checked={stored.consent}
              onChange={(event) => setStored((current) => ({ ...current, consent: event.target.checked }))}
            />{' '}
            {t('reporterConsent')}
          </label>
          {stored.consent && (
            <FieldInputs
              fields={reporterFields}
              draft={stored.reporter}
              ids={{}}
              problems={problems}
              path="reporter."
              labelOf={labelOf}
              onChange={(reporter) => setStored((current) => ({ ...current, reporter }))}
            />
          )}
        </fieldset>
        <button type="submit" className="primary" disabled={sending}>
          {t('submitReport')}
        </button>
      </form>
    </main>
  );
}
