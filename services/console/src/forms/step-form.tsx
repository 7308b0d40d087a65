import { IssueReferralData } from '@chungtay/contracts/browser';
import { type FormEvent, useMemo, useState } from 'react';
import type { z } from 'zod';
import { GraphQLFailure, request, SessionExpired } from '../api.ts';
import { gql } from '../graphql.ts';
import { useLanguage } from '../i18n.tsx';
import { useSession } from '../session.tsx';
import { type ConsoleStep, fieldWords } from '../steps.ts';
import { type Field, fieldsOf } from './describe.ts';
import { type Draft, type IdSource, initialDraft, toData } from './draft.ts';
import { FieldInputs } from './inputs.tsx';
import { schemaProblems, serverProblems } from './problems.ts';
import { commandInput, sent } from './sent.ts';
import { useStoredState } from './stored.ts';

export const ISSUE_REFERRAL = gql(`
  mutation IssueReferral($caseId: ID!, $referral: IssueReferralInput!, $key: String) {
    issueReferral(caseId: $caseId, referral: $referral, idempotencyKey: $key) { id revision }
  }
`);

export const TAKE_STEP = gql(`
  mutation TakeStep($caseId: ID!, $revision: Int!, $command: CaseCommandInput!, $key: String) {
    caseCommand(caseId: $caseId, expectedRevision: $revision, command: $command, idempotencyKey: $key) {
      id
      revision
    }
  }
`);

interface Stored {
  readonly draft: Draft;
  /** The case's revision when the form was opened: sent as If-Match, so a change meanwhile is caught. */
  readonly revision: number;
  /** Made when the form opened: a double click, a retry or a reload sends the step once. */
  readonly key: string;
}

export interface Conflict {
  readonly seen: number;
  readonly current: number | undefined;
}

/** Sends a step's checked data at the revision the form opened on, with the form's idempotency key. */
export type SendStep = (
  token: string,
  data: Record<string, unknown>,
  sending: { readonly revision: number; readonly key: string },
) => Promise<unknown>;

/** A case step: the case service's command (or the referral service's referral), typed. */
export const caseStep =
  (caseId: string, step: ConsoleStep): SendStep =>
  (token, data, { revision, key }) =>
    step === 'IssueReferral'
      ? request(token, ISSUE_REFERRAL, { caseId, referral: sent(IssueReferralData.parse(data)), key })
      : request(token, TAKE_STEP, { caseId, revision, command: commandInput(step, data), key });

/**
 * One step as a form, its fields read from the command's own schema (a case's step, a child record's).
 * Problems are shown beside their fields (the schema's before sending, the service's after), and nothing
 * typed is lost on an error.
 */
export function StepForm({
  schema,
  draftKey,
  send,
  revision,
  ids,
  onDone,
  onConflict,
}: {
  schema: z.ZodObject;
  /** Where the draft is kept in the session: the record and the step. */
  draftKey: string;
  send: SendStep;
  revision: number;
  ids: Readonly<Record<string, IdSource>>;
  onDone: () => void;
  onConflict: (conflict: Conflict) => void;
}) {
  const { t, language } = useLanguage();
  const { session, signOut } = useSession();
  const fields = useMemo<Field[]>(() => fieldsOf(schema), [schema]);
  const [stored, setStored, forget] = useStoredState<Stored>(draftKey, () => ({
    draft: initialDraft(fields, ids),
    revision,
    key: `step-${crypto.randomUUID()}`,
  }));
  const [problems, setProblems] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string | undefined>();
  const [sending, setSending] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!session || sending) return;
    const checked = schema.safeParse(toData(fields, stored.draft));
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
      await send(session.token, checked.data as Record<string, unknown>, {
        revision: stored.revision,
        key: stored.key,
      });
      forget();
      onDone();
    } catch (error) {
      if (error instanceof SessionExpired) return signOut(true);
      if (!(error instanceof GraphQLFailure)) return setFailure(t('error'));
      if (error.conflict) {
        // Nothing was recorded: the next attempt is a new request, at the revision the user now sees.
        setStored((current) => ({
          ...current,
          revision: error.currentRevision ?? current.revision,
          key: `step-${crypto.randomUUID()}`,
        }));
        onConflict({ seen: stored.revision, current: error.currentRevision });
        return setFailure(t('conflict'));
      }
      // What the user typed stays in the form.
      const { fields: found, summary } = serverProblems(error, language, t);
      setProblems(found);
      setFailure(summary);
    } finally {
      setSending(false);
    }
  };

  return (
    <form onSubmit={(event) => void submit(event)} noValidate className="step-form">
      {failure && (
        <p className="error-summary" role="alert">
          {failure}
        </p>
      )}
      <FieldInputs
        fields={fields}
        draft={stored.draft}
        ids={ids}
        problems={problems}
        path=""
        labelOf={(name) => fieldWords[name]?.[language] ?? name}
        onChange={(draft) => setStored((current) => ({ ...current, draft }))}
      />
      <button type="submit" className="primary" disabled={sending}>
        {t('record')}
      </button>
    </form>
  );
}
