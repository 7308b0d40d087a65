import { communeLabel, type EventType, eventDefinitions, unitLabel } from '@chungtay/contracts/browser';
import type { z } from 'zod';
import { formatDateTime } from '../format.ts';
import { useLanguage } from '../i18n.tsx';
import { fieldWords } from '../steps.ts';
import { type FieldSpec, specOf } from './describe.ts';

interface Union {
  readonly def: { readonly type: string };
  readonly options?: readonly z.ZodType[];
  readonly meta?: () => { personal?: boolean } | undefined;
}

/** The spec of a field for showing it: a tagged union is read by the option its value fits. */
function shownSpec(schema: z.ZodType, value: unknown): FieldSpec | undefined {
  const node = schema as unknown as Union;
  const inner =
    node.def.type === 'optional' ? (schema as unknown as { unwrap(): z.ZodType }).unwrap() : schema;
  const union = inner as unknown as Union;
  if (union.def.type === 'union' && !union.meta?.()?.personal) {
    const fitting = union.options?.find((option) => option.safeParse(value).success);
    return fitting ? shownSpec(fitting, value) : undefined;
  }
  try {
    return specOf(inner).spec;
  } catch {
    // A field no form asks for (a literal flag): shown by its name only when it says something.
    return undefined;
  }
}

/** Fields that are the platform's own references, not something a person reads. */
const NOT_SHOWN = new Set(['deadlineId']);

const isMarker = (value: unknown, marker: '$masked' | '$erased' | '$redacted') =>
  typeof value === 'object' && value !== null && marker in value;

/**
 * An event's data as its reader's lens let it through, labelled in Vietnamese from the contracts: dates in
 * Asia/Ho_Chi_Minh, codes by their legal labels, masked and erased values said as such. Ids are left out.
 */
export function EventData({ type, data }: { type: string; data: Record<string, unknown> }) {
  if (!Object.hasOwn(eventDefinitions, type)) return null;
  const schema = eventDefinitions[type as EventType].schema as unknown as z.ZodObject;
  return <Fields shape={schema.shape} data={data} />;
}

/** Data of an object schema of the contracts (the child on a report), labelled the same way. */
export function SchemaData({ schema, data }: { schema: z.ZodObject; data: Record<string, unknown> }) {
  return <Fields shape={schema.shape} data={data} />;
}

function Fields({ shape, data }: { shape: Record<string, z.ZodType>; data: Record<string, unknown> }) {
  const { language } = useLanguage();
  const rows = Object.entries(shape).flatMap(([name, field]) => {
    const value = data[name];
    if (value === undefined || value === null || NOT_SHOWN.has(name)) return [];
    const spec = shownSpec(field, value);
    if (!spec || spec.kind === 'id') return [];
    return [{ name, label: fieldWords[name]?.[language] ?? name, spec, value, field }];
  });
  if (rows.length === 0) return null;
  return (
    <dl className="event-data">
      {rows.map((row) => (
        <div key={row.name}>
          <dt>{row.label}</dt>
          <dd>
            <Value spec={row.spec} value={row.value} field={row.field} />
          </dd>
        </div>
      ))}
    </dl>
  );
}

function Value({ spec, value, field }: { spec: FieldSpec; value: unknown; field: z.ZodType }) {
  const { t } = useLanguage();
  if (isMarker(value, '$masked')) return <span className="masked">{t('masked')}</span>;
  if (isMarker(value, '$erased')) return <span className="masked">{t('erased')}</span>;
  if (isMarker(value, '$redacted')) return <span className="masked">{t('redactedField')}</span>;
  switch (spec.kind) {
    case 'instant':
      return <>{formatDateTime(String(value))}</>;
    case 'date':
      return <>{String(value).split('-').reverse().join('/')}</>;
    case 'boolean':
      return <>{value ? t('yes') : t('no')}</>;
    case 'choice':
      return <>{spec.labels[String(value)] ?? String(value)}</>;
    case 'choices':
      return <>{(value as string[]).map((code) => spec.labels[code] ?? code).join('; ')}</>;
    case 'commune':
      return <>{communeLabel(String(value))}</>;
    case 'unit':
      return <>{unitLabel(String(value))}</>;
    case 'lines':
      return <>{(value as string[]).join('; ')}</>;
    case 'group': {
      const inner = fieldShape(field, value);
      return inner ? <Fields shape={inner} data={value as Record<string, unknown>} /> : null;
    }
    case 'list': {
      const element = fieldElement(field);
      return (
        <ol>
          {(value as Array<Record<string, unknown>>).map((item, index) => (
            // Items have no id of their own to show; their order is theirs.
            // biome-ignore lint/suspicious/noArrayIndexKey: a recorded event's list never changes order
            <li key={index}>
              {/* The number is text, not a list marker: printed and copied, it stays with its item. */}
              <span className="item-number">{index + 1}.</span>
              {element ? <Fields shape={element} data={item} /> : null}
            </li>
          ))}
        </ol>
      );
    }
    default:
      return <Plain value={value} />;
  }
}

/** A value the schema did not describe for showing: its parts, plainly, never "[object Object]". */
function Plain({ value }: { value: unknown }) {
  const { language } = useLanguage();
  if (Array.isArray(value))
    return <>{value.map((item) => (typeof item === 'object' ? '…' : String(item))).join('; ')}</>;
  if (typeof value === 'object' && value !== null)
    return (
      <dl className="event-data">
        {Object.entries(value).map(([name, part]) => (
          <div key={name}>
            <dt>{fieldWords[name]?.[language] ?? name}</dt>
            <dd>
              <Plain value={part} />
            </dd>
          </div>
        ))}
      </dl>
    );
  return <>{String(value)}</>;
}

/** The object schema behind a group field (through optional and personal wrappers, or the fitting option). */
function fieldShape(field: z.ZodType, value: unknown): Record<string, z.ZodType> | undefined {
  let node = field as unknown as {
    def: { type: string };
    shape?: Record<string, z.ZodType>;
    options?: z.ZodType[];
    unwrap?: () => z.ZodType;
  };
  for (let depth = 0; depth < 4 && !node.shape; depth++) {
    if (node.def.type === 'optional' && node.unwrap) node = node.unwrap() as unknown as typeof node;
    else if (node.def.type === 'union')
      node = (node.options?.find((option) => option.safeParse(value).success) ??
        node.options?.[0]) as unknown as typeof node;
    else break;
  }
  return node.shape;
}

function fieldElement(field: z.ZodType): Record<string, z.ZodType> | undefined {
  const node = field as unknown as { element?: z.ZodType };
  return node.element ? fieldShape(node.element, undefined) : undefined;
}
