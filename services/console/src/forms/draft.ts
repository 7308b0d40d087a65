import { formatDateTime, parseTypedDate, parseTypedInstant } from '../format.ts';
import type { Field } from './describe.ts';

/** What the person has typed so far, field by field, as the inputs hold it. */
export type Value = string | boolean | readonly string[] | Draft | readonly Draft[];
export interface Draft {
  readonly [name: string]: Value;
}

/** Where an id field takes its value: made when the form opens, given by the case, or picked by the person. */
export type IdSource =
  | { readonly given: string }
  | { readonly pick: ReadonlyArray<{ readonly value: string; readonly label: string }> };

const LOOKING_AHEAD = new Set(['dueAt', 'until']);

export function initialDraft(
  fields: readonly Field[],
  ids: Readonly<Record<string, IdSource>> = {},
  now: Date = new Date(),
): Draft {
  return Object.fromEntries(fields.map((field) => [field.name, initialValue(field, ids, now)]));
}

function initialValue(field: Field, ids: Readonly<Record<string, IdSource>>, now: Date): Value {
  const { spec } = field;
  switch (spec.kind) {
    case 'instant':
      // A time a step happened is most often now; a time it looks ahead to (a due time, an end) is asked for.
      return field.optional || LOOKING_AHEAD.has(field.name) ? '' : formatDateTime(now.toISOString());
    case 'boolean':
      return false;
    case 'choices':
      return [];
    case 'id': {
      const source = ids[field.name];
      if (source && 'given' in source) return source.given;
      if (source && 'pick' in source) return source.pick.length === 1 ? (source.pick[0]?.value ?? '') : '';
      return crypto.randomUUID();
    }
    case 'group':
      return initialDraft(spec.fields, {}, now);
    case 'list':
      // Ids inside a list's items are the items' own, made as each is added; a list that may be empty starts so.
      return spec.min > 0 ? [initialDraft(spec.item, {}, now)] : [];
    default:
      return '';
  }
}

const isEmpty = (value: Value) => value === '' || (Array.isArray(value) && value.length === 0);

/**
 * The draft as the command's data: dates read as typed (dd/MM/yyyy), numbers as numbers, empty optional
 * fields left out. What cannot be read is passed on as typed, so the schema names that field.
 */
export function toData(fields: readonly Field[], draft: Draft): Record<string, unknown> {
  const data: Record<string, unknown> = {};
  for (const field of fields) {
    const value = draft[field.name];
    if (value === undefined || (field.optional && isEmpty(value))) continue;
    data[field.name] = dataOf(field, value);
  }
  return data;
}

function dataOf(field: Field, value: Value): unknown {
  const { spec } = field;
  switch (spec.kind) {
    case 'instant':
      return parseTypedInstant(String(value)) ?? value;
    case 'date':
      return parseTypedDate(String(value)) ?? value;
    case 'number':
      return /^\d+$/.test(String(value)) ? Number(value) : value;
    case 'text':
      return String(value).trim();
    case 'lines':
      return String(value)
        .split('\n')
        .map((line) => line.trim())
        .filter(Boolean);
    case 'group':
      return toData(spec.fields, value as Draft);
    case 'list':
      return (value as readonly Draft[]).map((item) => toData(spec.item, item));
    default:
      return value;
  }
}

/** A problem's path (`tasks.0.description`), from a zod issue's path or a server's `data.` field. */
export const pathKey = (path: ReadonlyArray<PropertyKey>): string => path.map(String).join('.');
export const serverPathKey = (field: string): string => field.replace(/^data\./, '');
