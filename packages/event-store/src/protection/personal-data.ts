import { open, seal } from './crypto.ts';
import type { KeyStore } from './key-store.ts';

/**
 * Which fields of an event hold personal data and whose they are. Paths are dotted; `[]` walks every element
 * of an array, and the subject path is resolved in the same element: for example
 * `{ path: 'relatives[].fullName', subject: 'relatives[].subjectId' }`.
 */
export interface PersonalField {
  readonly path: string;
  readonly subject: string;
}

export type PersonalDataMap = (type: string, schemaVersion: number) => readonly PersonalField[];

/** What a stored personal field looks like: the subject's id (an opaque id, not personal) and the sealed value. */
export interface SealedValue {
  readonly $pii: 1;
  readonly subject: string;
  readonly sealed: string;
}

/** What a personal field reads back as once its subject's key is erased. */
export interface ErasedValue {
  readonly $erased: true;
}
export const ERASED: ErasedValue = Object.freeze({ $erased: true });

export const isSealed = (value: unknown): value is SealedValue =>
  typeof value === 'object' && value !== null && (value as { $pii?: unknown }).$pii === 1;
export const isErased = (value: unknown): value is ErasedValue =>
  typeof value === 'object' && value !== null && (value as { $erased?: unknown }).$erased === true;

type Json = Record<string, unknown>;

interface Site {
  readonly holder: Json;
  readonly key: string;
  readonly subjectId: string;
}

/** Every place a field spec names in `data`, with its subject (skipping absent values). */
function* sites(data: unknown, field: PersonalField): Generator<Site> {
  const path = field.path.split('.');
  const subject = field.subject.split('.');
  function* walk(node: unknown, depth: number, scope: unknown): Generator<Site> {
    if (typeof node !== 'object' || node === null) return;
    const raw = path[depth] as string;
    const isArray = raw.endsWith('[]');
    const key = isArray ? raw.slice(0, -2) : raw;
    const child = (node as Json)[key];
    if (depth === path.length - 1) {
      if (child === undefined || child === null) return;
      const subjectId = resolveSubject(scope);
      if (typeof subjectId !== 'string' || subjectId.length === 0) {
        throw new Error(`personal field ${field.path}: its subject ${field.subject} is missing`);
      }
      yield { holder: node as Json, key, subjectId };
      return;
    }
    if (isArray) {
      if (!Array.isArray(child)) return;
      for (const element of child) yield* walk(element, depth + 1, element);
    } else {
      yield* walk(child, depth + 1, scope);
    }
  }
  // The subject path is read from the innermost array element the field sits in (or from the root).
  function resolveSubject(scope: unknown): unknown {
    const arrayIndex = subject.findLastIndex((part) => part.endsWith('[]'));
    const rest = subject.slice(arrayIndex + 1);
    let node: unknown = arrayIndex >= 0 ? scope : data;
    for (const part of rest)
      node = typeof node === 'object' && node !== null ? (node as Json)[part] : undefined;
    return node;
  }
  yield* walk(data, 0, data);
}

/** Seals every personal field of `data` (a deep copy is returned; the input is untouched). */
export async function sealPersonalData(
  data: unknown,
  fields: readonly PersonalField[],
  keys: KeyStore,
): Promise<unknown> {
  if (fields.length === 0) return data;
  const copy: unknown = structuredClone(data);
  for (const field of fields) {
    for (const site of [...sites(copy, field)]) {
      const key = await keys.keyForWriting(site.subjectId);
      const plaintext = Buffer.from(JSON.stringify(site.holder[site.key]), 'utf8');
      const sealed: SealedValue = {
        $pii: 1,
        subject: site.subjectId,
        sealed: seal(key, plaintext, site.subjectId).toString('base64'),
      };
      site.holder[site.key] = sealed;
    }
  }
  return copy;
}

/** Whether any sealed value stands anywhere in `data` (stops at the first; most events hold none). */
function containsSealed(node: unknown): boolean {
  if (isSealed(node)) return true;
  if (Array.isArray(node)) return node.some(containsSealed);
  if (typeof node === 'object' && node !== null) return Object.values(node).some(containsSealed);
  return false;
}

/** Opens every sealed value in `data`, wherever it is; values of erased subjects become `ERASED`. */
export async function openPersonalData(data: unknown, keys: KeyStore): Promise<unknown> {
  if (!containsSealed(data)) return data;
  const visit = async (node: unknown): Promise<unknown> => {
    if (isSealed(node)) {
      const key = await keys.keyForReading(node.subject);
      if (key.state === 'erased') return ERASED;
      return JSON.parse(open(key.key, Buffer.from(node.sealed, 'base64'), node.subject).toString('utf8'));
    }
    if (Array.isArray(node)) return Promise.all(node.map(visit));
    if (typeof node === 'object' && node !== null) {
      const entries = await Promise.all(
        Object.entries(node).map(async ([k, v]) => [k, await visit(v)] as const),
      );
      return Object.fromEntries(entries);
    }
    return node;
  };
  return visit(data);
}
