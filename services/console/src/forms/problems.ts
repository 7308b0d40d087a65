import type { z } from 'zod';
import type { GraphQLFailure } from '../api.ts';
import type { Language } from '../format.ts';
import type { Word } from '../i18n.tsx';
import { ruleWords } from '../steps.ts';
import { pathKey, serverPathKey } from './draft.ts';

/** What a form shows after a refusal: a problem beside each field named, and one sentence above them. */
export interface Problems {
  readonly fields: Record<string, string>;
  readonly summary: string;
}

/** The contract's own schema refused the draft: each field it names, before anything is sent. */
export const schemaProblems = (issues: readonly z.core.$ZodIssue[], t: (word: Word) => string): Problems => {
  const fields: Record<string, string> = {};
  for (const issue of issues) fields[pathKey(issue.path)] ??= t('fieldInvalid');
  return { fields, summary: t('fixFields') };
};

/**
 * The service refused it: its rule in the console's own words when the console knows the rule, beside the
 * fields the service named; a step not permitted said as such.
 */
export function serverProblems(
  error: GraphQLFailure,
  language: Language,
  t: (word: Word) => string,
): Problems {
  const said = error.rule ? ruleWords[error.rule]?.[language] : undefined;
  const fields: Record<string, string> = {};
  for (const problem of error.fields) fields[serverPathKey(problem.field)] = said ?? problem.message;
  const summary =
    error.code === 'FORBIDDEN'
      ? t('notPermitted')
      : (said ?? (error.fields.length > 0 ? t('fixFields') : error.message));
  return { fields, summary };
}
