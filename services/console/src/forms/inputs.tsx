import { useId } from 'react';
import { useLanguage } from '../i18n.tsx';
import type { Field } from './describe.ts';
import { type Draft, type IdSource, initialDraft, type Value } from './draft.ts';
import { CommunePicker, Field as Labelled, UnitPicker } from './field.tsx';

interface InputsProps {
  readonly fields: readonly Field[];
  readonly draft: Draft;
  /** Where id fields take their values (only top-level ones: items' ids are their own). */
  readonly ids: Readonly<Record<string, IdSource>>;
  readonly problems: Readonly<Record<string, string>>;
  /** The fields' path in the command's data (`tasks.0.`), where their problems are found. */
  readonly path: string;
  readonly labelOf: (name: string) => string;
  readonly onChange: (draft: Draft) => void;
}

/** The inputs for a schema's fields, nested groups and lists included. */
export function FieldInputs(props: InputsProps) {
  return (
    <>
      {props.fields.map((field) => (
        <FieldInput key={field.name} field={field} {...props} />
      ))}
    </>
  );
}

function FieldInput({
  field,
  draft,
  ids,
  problems,
  path,
  labelOf,
  onChange,
}: InputsProps & { field: Field }) {
  const { t } = useLanguage();
  const groupId = useId();
  const value = draft[field.name];
  const set = (next: Value) => onChange({ ...draft, [field.name]: next });
  const problem = problems[path + field.name];
  const label = labelOf(field.name) + (field.optional ? ` (${t('optional')})` : '');
  const { spec } = field;
  switch (spec.kind) {
    case 'id': {
      const source = ids[field.name];
      if (!source || !('pick' in source)) return null;
      return (
        <Select label={label} problem={problem} value={String(value)} options={source.pick} onChange={set} />
      );
    }
    case 'text':
    case 'lines':
      return (
        <Labelled label={label} problem={problem}>
          {(id, describedBy) =>
            spec.kind === 'lines' || spec.long ? (
              <textarea
                id={id}
                aria-describedby={describedBy}
                rows={4}
                value={String(value)}
                onChange={(event) => set(event.target.value)}
              />
            ) : (
              <input
                id={id}
                aria-describedby={describedBy}
                value={String(value)}
                onChange={(event) => set(event.target.value)}
              />
            )
          }
        </Labelled>
      );
    case 'instant':
    case 'date':
      return (
        <Labelled label={label} problem={problem}>
          {(id, describedBy) => (
            <>
              <p className="hint" id={`${id}-hint`}>
                {spec.kind === 'instant' ? t('instantHint') : t('dateHint')}
              </p>
              <input
                id={id}
                aria-describedby={[describedBy, `${id}-hint`].filter(Boolean).join(' ')}
                className="date-input"
                inputMode="numeric"
                autoComplete="off"
                value={String(value)}
                onChange={(event) => set(event.target.value)}
              />
            </>
          )}
        </Labelled>
      );
    case 'number':
      return (
        <Labelled label={label} problem={problem}>
          {(id, describedBy) => (
            <input
              id={id}
              aria-describedby={describedBy}
              inputMode="numeric"
              value={String(value)}
              onChange={(event) => set(event.target.value.replace(/\D/g, ''))}
            />
          )}
        </Labelled>
      );
    case 'boolean':
      return (
        <div className={problem ? 'field has-error' : 'field'}>
          {problem && <p className="field-error">{problem}</p>}
          <label className="choice">
            <input type="checkbox" checked={value === true} onChange={(event) => set(event.target.checked)} />{' '}
            {label}
          </label>
        </div>
      );
    case 'choice':
      return (
        <Select
          label={label}
          problem={problem}
          value={String(value)}
          options={spec.codes.map((code) => ({ value: code, label: spec.labels[code] ?? code }))}
          onChange={set}
        />
      );
    case 'choices': {
      const chosen = value as readonly string[];
      return (
        <fieldset className={problem ? 'has-error' : undefined}>
          <legend>{label}</legend>
          {problem && <p className="field-error">{problem}</p>}
          {spec.codes.map((code) => (
            <label key={code} className="choice">
              <input
                type="checkbox"
                checked={chosen.includes(code)}
                onChange={(event) =>
                  set(event.target.checked ? [...chosen, code] : chosen.filter((other) => other !== code))
                }
              />{' '}
              {spec.labels[code] ?? code}
            </label>
          ))}
        </fieldset>
      );
    }
    case 'commune':
      return <CommunePicker label={label} value={String(value)} problem={problem} onChange={set} />;
    case 'unit':
      return <UnitPicker label={label} value={String(value ?? '')} problem={problem} onChange={set} />;
    case 'group':
      return (
        <fieldset>
          <legend>{label}</legend>
          <FieldInputs
            fields={spec.fields}
            draft={value as Draft}
            ids={{}}
            problems={problems}
            path={`${path}${field.name}.`}
            labelOf={labelOf}
            onChange={set}
          />
        </fieldset>
      );
    case 'list': {
      const items = value as readonly Draft[];
      const idField = spec.item.find((part) => part.spec.kind === 'id')?.name;
      return (
        <fieldset className={problem ? 'has-error' : undefined} aria-describedby={groupId}>
          <legend>{label}</legend>
          {problem && (
            <p className="field-error" id={groupId}>
              {problem}
            </p>
          )}
          {items.map((item, index) => (
            <fieldset key={idField ? String(item[idField]) : index} className="list-item">
              <legend>
                {labelOf(field.name)} {index + 1}
              </legend>
              <FieldInputs
                fields={spec.item}
                draft={item}
                ids={{}}
                problems={problems}
                path={`${path}${field.name}.${index}.`}
                labelOf={labelOf}
                onChange={(changed) => set(items.map((other, at) => (at === index ? changed : other)))}
              />
              {items.length > spec.min && (
                <button type="button" onClick={() => set(items.filter((_, at) => at !== index))}>
                  {t('remove')} {labelOf(field.name).toLowerCase()} {index + 1}
                </button>
              )}
            </fieldset>
          ))}
          {items.length < spec.max && (
            <button type="button" onClick={() => set([...items, initialDraft(spec.item)])}>
              {t('add')} {labelOf(field.name).toLowerCase()}
            </button>
          )}
        </fieldset>
      );
    }
  }
}

/** One choice among options, "— Chọn —" first: nothing is chosen for the person. */
function Select({
  label,
  problem,
  value,
  options,
  onChange,
}: {
  label: string;
  problem: string | undefined;
  value: string;
  options: ReadonlyArray<{ readonly value: string; readonly label: string }>;
  onChange: (value: string) => void;
}) {
  const { t } = useLanguage();
  return (
    <Labelled label={label} problem={problem}>
      {(id, describedBy) => (
        <select
          id={id}
          aria-describedby={describedBy}
          value={value}
          onChange={(event) => onChange(event.target.value)}
        >
          <option value="">{t('choose')}</option>
          {options.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      )}
    </Labelled>
  );
}
