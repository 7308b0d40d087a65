import { codeLabels } from '@chungtay/contracts';
import type { z } from 'zod';
import { builder } from '../builder.ts';

/**
 * GraphQL types derived from the contracts' zod schemas, so that each shape is stated once (decision 0054):
 * an input type per command, an object type per event kind. The services still validate with zod; the types
 * tell a client what to send and what it reads. Unions of objects (the reporter with or without consent) are
 * one type with the variants' fields, the discriminator required.
 */

interface Node {
  readonly type: string;
  readonly shape?: Readonly<Record<string, z.ZodType>>;
  readonly innerType?: z.ZodType;
  readonly element?: z.ZodType;
  readonly options?: readonly z.ZodType[];
  readonly entries?: Readonly<Record<string, string>>;
  readonly values?: readonly unknown[];
  readonly format?: string;
  readonly discriminator?: string;
}

const nodeOf = (schema: z.ZodType): Node => (schema as unknown as { _zod: { def: Node } })._zod.def;
const bagOf = (schema: z.ZodType): { format?: string } =>
  (schema as unknown as { _zod: { bag: { format?: string } } })._zod.bag;
const isPersonal = (schema: z.ZodType): boolean =>
  Boolean((schema as unknown as { meta(): { personal?: boolean } | undefined }).meta()?.personal);

const capital = (name: string): string => name.charAt(0).toUpperCase() + name.slice(1);
/** A list's element is named for one of them: `relatives` holds `Relative`s. */
const singular = (name: string): string =>
  name.endsWith('ies')
    ? `${name.slice(0, -3)}y`
    : name.endsWith('s') && !name.endsWith('ss')
      ? name.slice(0, -1)
      : name;

/** A Pothos type parameter: a scalar's name, a type reference, or a list of either. */
type TypeParam = string | object | readonly [string | object];

interface Described {
  readonly type: TypeParam;
  /** Absent is allowed (optional in zod; in an output, withheld by the lens or erased too). */
  readonly optional: boolean;
}

/** Markers the lens and erasure put in place of a value: read as null, and said so in `withheld`. */
const MARKERS = { $redacted: 'REDACTED', $masked: 'MASKED', $erased: 'ERASED' } as const;
export type WithheldReason = (typeof MARKERS)[keyof typeof MARKERS];

export function markerOf(value: unknown): WithheldReason | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  for (const [key, reason] of Object.entries(MARKERS)) if (key in value) return reason;
  return undefined;
}

const WithheldReasonRef = builder.enumType('WithheldReason', {
  description:
    'Why a field reads null: REDACTED (the reader’s lens lets through that it exists, not what), MASKED (personal data the reader sees only unmasked), ERASED (its data subject’s key was destroyed).',
  values: ['REDACTED', 'MASKED', 'ERASED'] as const,
});

export interface Withheld {
  readonly field: string;
  readonly reason: WithheldReason;
}

export const WithheldRef = builder.objectRef<Withheld>('WithheldField').implement({
  description: 'A field that reads null because it is withheld from this reader, not because it is empty.',
  fields: (t) => ({
    field: t.exposeString('field'),
    reason: t.expose('reason', { type: WithheldReasonRef }),
  }),
});

type Direction = 'input' | 'output';
type Record_ = Readonly<Record<string, unknown>>;
export type ContentRef = ReturnType<typeof builder.objectRef<Record_>>;
type Sent = Record<string, unknown>;
export type InputRef = ReturnType<ReturnType<typeof builder.inputRef<Sent>>['implement']>;

/** One zod schema instance is one GraphQL type (per direction), however many places use it. */
const made = { input: new Map<z.ZodType, InputRef>(), output: new Map<z.ZodType, ContentRef>() };
const enums = new Map<z.ZodType, object>();

/** A code list's enum (named by the contract), or another zod enum's under the name given. */
export const enumTypeOf = <Values extends string>(
  schema: z.ZodEnum<Readonly<Record<string, Values>>>,
  name?: string,
) => enumOf(schema, name ?? '') as ReturnType<typeof builder.enumType<Values, readonly Values[]>>;

function enumOf(schema: z.ZodType, fallbackName: string): object {
  const known = enums.get(schema);
  if (known) return known;
  const node = nodeOf(schema);
  const values = Object.values(node.entries ?? {});
  const name = codeLabels.get(schema)?.name ?? fallbackName;
  const labels = codeLabels.get(schema)?.labels;
  const ref = builder.enumType(name, {
    values: Object.fromEntries(
      values.map((value) => [value, { value, ...(labels?.[value] ? { description: labels[value] } : {}) }]),
    ),
  });
  enums.set(schema, ref);
  return ref;
}

/** The fields of an object schema, or of a union of object schemas merged (required only where all require). */
function fieldsOf(schema: z.ZodType): Array<[string, z.ZodType, boolean]> {
  const node = nodeOf(schema);
  if (node.type === 'object') {
    return Object.entries(node.shape ?? {}).map(([name, field]) => [
      name,
      field,
      nodeOf(field).type !== 'optional',
    ]);
  }
  const variants = (node.options ?? []).map(fieldsOf);
  const merged = new Map<string, [z.ZodType, boolean]>();
  for (const variant of variants)
    for (const [name, field, required] of variant) {
      const present = merged.get(name);
      merged.set(name, [present?.[0] ?? field, (present?.[1] ?? true) && required]);
    }
  return [...merged].map(([name, [field, required]]) => [
    name,
    field,
    required && variants.every((variant) => variant.some(([other]) => other === name)),
  ]);
}

const isObjectLike = (schema: z.ZodType): boolean => {
  const node = nodeOf(schema);
  return (
    node.type === 'object' ||
    (node.type === 'union' && !isPersonal(schema) && (node.options ?? []).every(isObjectLike))
  );
};

function describe(schema: z.ZodType, direction: Direction, name: string): Described {
  const node = nodeOf(schema);
  switch (node.type) {
    case 'optional':
    case 'nullable':
      return { ...describe(node.innerType as z.ZodType, direction, name), optional: true };
    case 'default':
      return { ...describe(node.innerType as z.ZodType, direction, name), optional: true };
    case 'union': {
      if (isPersonal(schema)) {
        // A personal field reads back as erased once its subject's key is destroyed; it is never sent so.
        const inner = describe(node.options?.[0] as z.ZodType, direction, name);
        return direction === 'output' ? { ...inner, optional: true } : inner;
      }
      if (isObjectLike(schema)) return { type: objectOf(schema, direction, name), optional: false };
      throw new Error(`${name}: a union of scalars has no GraphQL type; name its options in the contract`);
    }
    case 'object':
      return { type: objectOf(schema, direction, name), optional: false };
    case 'array': {
      const element = describe(node.element as z.ZodType, direction, singular(name));
      return { type: [element.type as string | object], optional: false };
    }
    case 'enum':
      return { type: enumOf(schema, name), optional: false };
    case 'literal': {
      const value = node.values?.[0];
      return {
        type: typeof value === 'boolean' ? 'Boolean' : typeof value === 'number' ? 'Int' : 'String',
        optional: false,
      };
    }
    case 'string':
      return { type: node.format === 'uuid' ? 'ID' : 'String', optional: false };
    case 'number':
      return { type: bagOf(schema).format === 'safeint' ? 'Int' : 'Float', optional: false };
    case 'boolean':
      return { type: 'Boolean', optional: false };
    default:
      throw new Error(`${name}: zod ${node.type} has no GraphQL type here`);
  }
}

/** `name` prefixes the nested types' names; the type itself is `typeName`. */
function objectOf(schema: z.ZodType, direction: Direction, name: string, typeName?: string): object {
  return direction === 'input'
    ? inputObjectOf(schema, name, typeName ?? `${name}Input`)
    : outputObjectOf(schema, name, typeName ?? name);
}

function inputObjectOf(schema: z.ZodType, name: string, typeName: string): InputRef {
  const known = made.input.get(schema);
  if (known) return known;
  const fields = fieldsOf(schema);
  const ref = builder.inputRef<Sent>(typeName).implement({
    fields: (t) =>
      Object.fromEntries(
        fields.map(([field, fieldSchema, required]) => {
          const described = describe(fieldSchema, 'input', `${name}${capital(field)}`);
          // The type is built from the schema at run time; statically it is JSON-like (zod checks it).
          return [
            field,
            t.field({ type: described.type as 'JSON', required: required && !described.optional }),
          ];
        }),
        // The shape is zod's, known at run time only: statically each field is a JSON-like value.
      ) as never,
  });
  made.input.set(schema, ref);
  return ref;
}

function outputObjectOf(schema: z.ZodType, name: string, typeName: string): ContentRef {
  const known = made.output.get(schema);
  if (known) return known;
  const fields = fieldsOf(schema);
  const ref = builder.objectRef<Record_>(typeName);
  made.output.set(schema, ref);
  ref.implement({
    fields: (t) => ({
      ...Object.fromEntries(
        fields.map(([field, fieldSchema, required]) => {
          const described = describe(fieldSchema, 'output', `${name}${capital(field)}`);
          return [
            field,
            t.field({
              type: described.type as 'JSON',
              nullable: !required || described.optional,
              resolve: (parent) => {
                const value = parent[field];
                return markerOf(value) || value === undefined ? null : value;
              },
            }),
          ];
        }),
      ),
      withheld: t.field({
        type: [WithheldRef],
        description: 'The fields that read null because they are withheld from this reader, and why.',
        resolve: (parent) =>
          Object.entries(parent).flatMap(([field, value]) => {
            const reason = markerOf(value);
            return reason ? [{ field, reason }] : [];
          }),
      }),
    }),
  });
  return ref;
}

/** The object type of a shape the contracts name (the child on a report). */
export const outputTypeOf = (name: string, schema: z.ZodType): ContentRef =>
  outputObjectOf(schema, name, name);

/** The input type of a command's data, named after it (`CompleteInitialAssessment` → `…Input`). */
export const inputTypeOf = (name: string, schema: z.ZodType): InputRef =>
  inputObjectOf(schema, name, `${name}Input`);

/**
 * The object type of an event's data as a lens lets it through: every top-level field may be left out by a
 * lens (null), personal ones may be masked or erased (null, and said so in `withheld`).
 */
export function contentTypeOf(name: string, schema: z.ZodType): ContentRef {
  return outputObjectOf(lensed(schema), name, `${name}Content`);
}

/** The same fields, each optional: what a lens leaves of them is the reader's. */
const lensed = (schema: z.ZodType): z.ZodType => (schema as unknown as z.ZodObject).partial();

/** The oneOf input of a family of commands: exactly one of them, by its name in lowerCamelCase. */
export function oneOfInput(
  name: string,
  description: string,
  commands: ReadonlyArray<readonly [type: string, data: z.ZodType]>,
): InputRef {
  return builder.inputRef<Sent>(name).implement({
    description,
    isOneOf: true,
    fields: (t) =>
      Object.fromEntries(
        commands.map(([type, data]) => [
          commandField(type),
          t.field({ type: inputTypeOf(type, data), required: false }),
        ]),
      ),
  });
}

/** A command's field in a oneOf input: `CompleteInitialAssessment` → `completeInitialAssessment`. */
export const commandField = (type: string): string => type.charAt(0).toLowerCase() + type.slice(1);

/**
 * What a client sent for a oneOf input, as the service's command (none unless exactly one field is given):
 * its one field's name back to the command type, and its data without the nulls GraphQL lets a client send for an optional field (zod's "optional"
 * is absent, not null).
 */
export function commandOf(
  input: Readonly<Record<string, unknown>>,
  types: readonly string[],
): { type: string; data: unknown } | undefined {
  // Checked here too: the compiled executor (graphql-jit) coerces variables without knowing @oneOf.
  const given = Object.entries(input).filter(([, value]) => value !== null && value !== undefined);
  const [field, data] = given.length === 1 ? (given[0] as [string, unknown]) : [];
  const type = types.find((candidate) => commandField(candidate) === field);
  return type ? { type, data: withoutNulls(data) } : undefined;
}

export function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([, inner]) => inner !== null)
      .map(([key, inner]) => [key, withoutNulls(inner)]),
  );
}
