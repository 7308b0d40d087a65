import {
  CaseCommand,
  type CaseCommandType,
  ChildCommand,
  CommuneCode,
  codeLabels,
  IssueReferralData,
  UnitCode,
} from '@chungtay/contracts/browser';
import type { z } from 'zod';

/**
 * A form's fields, read from the contracts' own zod schema: the form asks for exactly what the service
 * validates, with the code lists' Vietnamese labels, and validates with the same schema before sending.
 */
export type FieldSpec =
  | { readonly kind: 'text'; readonly long: boolean }
  | { readonly kind: 'instant' }
  | { readonly kind: 'date' }
  | { readonly kind: 'number'; readonly min?: number; readonly max?: number }
  | { readonly kind: 'boolean' }
  | {
      readonly kind: 'choice';
      readonly codes: readonly string[];
      readonly labels: Readonly<Record<string, string>>;
    }
  | {
      readonly kind: 'choices';
      readonly codes: readonly string[];
      readonly labels: Readonly<Record<string, string>>;
    }
  | { readonly kind: 'commune' }
  | { readonly kind: 'unit' }
  /** A list of short texts, one per line. */
  | { readonly kind: 'lines' }
  | { readonly kind: 'id' }
  | { readonly kind: 'group'; readonly fields: readonly Field[] }
  | { readonly kind: 'list'; readonly item: readonly Field[]; readonly min: number; readonly max: number };

export interface Field {
  readonly name: string;
  readonly spec: FieldSpec;
  readonly optional: boolean;
}

interface Introspected {
  readonly def: {
    readonly type: string;
    readonly format?: string;
    readonly checks?: ReadonlyArray<{
      readonly _zod: { readonly def: { check: string; maximum?: number; minimum?: number } };
    }>;
  };
  readonly shape?: Record<string, z.ZodType>;
  readonly options?: readonly unknown[];
  readonly element?: z.ZodType;
  readonly maxLength?: number | null;
  readonly minValue?: number | null;
  readonly maxValue?: number | null;
  unwrap?(): z.ZodType;
}

const LONG_TEXT = 500;

function labelsOf(schema: z.ZodType, codes: readonly string[]): Readonly<Record<string, string>> {
  return codeLabels.get(schema)?.labels ?? Object.fromEntries(codes.map((code) => [code, code]));
}

/** The field a schema asks for, and whether it may be left out. */
export function specOf(schema: z.ZodType): { spec: FieldSpec; optional: boolean } {
  const node = schema as unknown as Introspected;
  switch (node.def.type) {
    case 'optional':
      return { ...specOf(node.unwrap?.() as z.ZodType), optional: true };
    case 'union':
      // A personal field is its value or the erased marker: the form asks for the value.
      return specOf(node.options?.[0] as z.ZodType);
    case 'object':
      return {
        spec: { kind: 'group', fields: fieldsOf(schema as z.ZodObject) },
        optional: false,
      };
    case 'boolean':
      return { spec: { kind: 'boolean' }, optional: false };
    case 'number':
      return {
        spec: {
          kind: 'number',
          ...(node.minValue != null && Number.isFinite(node.minValue) ? { min: node.minValue } : {}),
          ...(node.maxValue != null && Number.isFinite(node.maxValue) ? { max: node.maxValue } : {}),
        },
        optional: false,
      };
    case 'enum': {
      const codes = node.options as string[];
      return { spec: { kind: 'choice', codes, labels: labelsOf(schema, codes) }, optional: false };
    }
    case 'array': {
      const element = node.element as z.ZodType;
      const bound = (name: 'max_length' | 'min_length') =>
        node.def.checks?.find((check) => check._zod.def.check === name)?._zod.def;
      const max = bound('max_length')?.maximum ?? 20;
      const min = bound('min_length')?.minimum ?? 0;
      const item = specOf(element).spec;
      if (item.kind === 'choice')
        return { spec: { kind: 'choices', codes: item.codes, labels: item.labels }, optional: false };
      if (item.kind === 'group')
        return { spec: { kind: 'list', item: item.fields, min, max }, optional: false };
      if (item.kind === 'text') return { spec: { kind: 'lines' }, optional: false };
      throw new Error(`no form field for a list of ${item.kind}`);
    }
    case 'string': {
      if (schema === CommuneCode) return { spec: { kind: 'commune' }, optional: false };
      if (schema === UnitCode) return { spec: { kind: 'unit' }, optional: false };
      if (node.def.format === 'datetime') return { spec: { kind: 'instant' }, optional: false };
      if (node.def.format === 'date') return { spec: { kind: 'date' }, optional: false };
      if (node.def.format === 'uuid') return { spec: { kind: 'id' }, optional: false };
      return { spec: { kind: 'text', long: (node.maxLength ?? 0) > LONG_TEXT }, optional: false };
    }
    default:
      throw new Error(`no form field for a ${node.def.type}`);
  }
}

export function fieldsOf(schema: z.ZodObject): Field[] {
  return Object.entries(schema.shape).map(([name, field]) => ({ name, ...specOf(field as z.ZodType) }));
}

/** The data schema of a step the console offers, as its service validates it. */
export function dataSchemaOf(type: CaseCommandType | 'IssueReferral'): z.ZodObject {
  if (type === 'IssueReferral') return IssueReferralData as unknown as z.ZodObject;
  const option = CaseCommand.options.find((candidate) => candidate.shape.type.value === type);
  if (!option) throw new Error(`no command ${type}`);
  return option.shape.data as unknown as z.ZodObject;
}

/** The data schema of a step on a child record, as the case service validates it. */
export function childDataSchemaOf(type: ChildCommand['type']): z.ZodObject {
  const option = ChildCommand.options.find((candidate) => candidate.shape.type.value === type);
  if (!option) throw new Error(`no child command ${type}`);
  return option.shape.data as unknown as z.ZodObject;
}
