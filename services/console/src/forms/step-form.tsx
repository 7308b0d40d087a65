import { type FormEvent, useMemo, useState } from 'react';
import { GraphQLFailure, request, SessionExpired } from '../api.ts';
import { gql } from '../graphql.ts';
import { useLanguage } from '../i18n.tsx';
import { useSession } from '../session.tsx';
import { type ConsoleStep, fieldWords } from '../steps.ts';
import { dataSchemaOf, type Field, fieldsOf } from './describe.ts';
import { type Draft, type IdSource, initialDraft, toData } from './draft.ts';
import { FieldInputs } from './inputs.tsx';
import { schemaProblems, serverProblems } from './problems.ts';
import { useStoredState } from './stored.ts';

const ISSUE_REFERRAL = gql(`
  mutation IssueReferral($caseId: ID!, $referral: JSON!, $key: String) {
    issueReferral(caseId: $caseId, referral: $referral, idempotencyKey: $key) { id revision }
  }
`);

const TAKE_STEP = gql(`
  mutation TakeStep($caseId: ID!, $revision: Int!, $type: CaseCommandType!, $data: JSON!, $key: String) {
    caseCommand(caseId: $caseId, expectedRevision: $revision, type: $type, data: $data, idempotencyKey: $key) {
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

/**
 * One step of the case as a form, its fields read from the command's own schema. Problems are shown beside
 * their fields (the schema's before sending, the service's after), and nothing typed is lost on an error.
 */
export function StepForm({
  caseId,
  step,
  revision,
  ids,
  onDone,
  onConflict,
}: {
  caseId: string;
  step: ConsoleStep;
  revision: number;
  ids: Readonly<Record<string, IdSource>>;
  onDone: () => void;
  onConflict: (conflict: Conflict) => void;
}) {
  const { t, language } = useLanguage();
  const { session, signOut } = useSession();
  const schema = useMemo(() => dataSchemaOf(step), [step]);
  const fields = useMemo<Field[]>(() => fieldsOf(schema), [schema]);
  const [stored, setStored, forget] = useStoredState<Stored>(`${caseId}:${step}`, () => ({
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
      if (step === 'IssueReferral')
        await request(session.token, ISSUE_REFERRAL, { caseId, referral: checked.data, key: stored.key });
      else
        await request(session.token, TAKE_STEP, {
          caseId,
          revision: stored.revision,
          type: step,
          data: checked.data,
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
