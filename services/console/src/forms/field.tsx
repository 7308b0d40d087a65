import { communeLabel, giaLaiCommunes, provinceUnits, unitLabel } from '@chungtay/contracts/browser';
import { type ReactNode, useId, useMemo, useState } from 'react';
import { folded } from '../format.ts';
import { useLanguage } from '../i18n.tsx';

/** A labelled input with its problem shown above it and tied to it for screen readers. */
export function Field({
  label,
  problem,
  children,
}: {
  label: string;
  problem: string | undefined;
  children: (id: string, describedBy: string | undefined) => ReactNode;
}) {
  const id = useId();
  return (
    <div className={problem ? 'field has-error' : 'field'}>
      <label htmlFor={id}>{label}</label>
      {problem && (
        <p className="field-error" id={`${id}-error`}>
          {problem}
        </p>
      )}
      {children(id, problem ? `${id}-error` : undefined)}
    </div>
  );
}

interface Choice {
  readonly code: string;
  readonly label: string;
}

const communeChoices: readonly Choice[] = giaLaiCommunes.map((commune) => ({
  code: commune.code,
  label: communeLabel(commune.code),
}));
const unitChoices: readonly Choice[] = provinceUnits.map((unit) => ({ code: unit.code, label: unit.name }));

/** A commune, found by name as people type it: "quy nhon" finds "phường Quy Nhơn". */
export function CommunePicker(props: PickerProps) {
  const { t } = useLanguage();
  return <Picker {...props} label={props.label ?? t('incidentCommune')} choices={communeChoices} />;
}

/** A unit of the province's directory, found by name: "tram y te quy nhon" finds its health station. */
export function UnitPicker(props: PickerProps & { label: string }) {
  return <Picker {...props} choices={unitChoices} labelOf={unitLabel} />;
}

interface PickerProps {
  value: string;
  onChange: (code: string) => void;
  problem: string | undefined;
  label?: string;
}

function Picker({
  value,
  onChange,
  problem,
  label,
  choices,
  labelOf = communeLabel,
}: PickerProps & { label: string; choices: readonly Choice[]; labelOf?: (code: string) => string }) {
  const { t } = useLanguage();
  const [query, setQuery] = useState(value ? labelOf(value) : '');
  const matches = useMemo(() => {
    const wanted = folded(query.trim());
    if (!wanted) return [];
    return choices.filter((choice) => folded(choice.label).includes(wanted)).slice(0, 8);
  }, [query, choices]);
  return (
    <Field label={label} problem={problem}>
      {(id, describedBy) => (
        <>
          <input
            id={id}
            aria-describedby={describedBy}
            value={query}
            placeholder={t('communeSearch')}
            autoComplete="off"
            onChange={(event) => {
              setQuery(event.target.value);
              onChange('');
            }}
          />
          {value && (
            <p className="chosen">
              {t('chosen')}: <strong>{labelOf(value)}</strong>
            </p>
          )}
          {!value && matches.length > 0 && (
            <ul className="matches" aria-label={label}>
              {matches.map((choice) => (
                <li key={choice.code}>
                  <button
                    type="button"
                    onClick={() => {
                      onChange(choice.code);
                      setQuery(choice.label);
                    }}
                  >
                    {choice.label}
                  </button>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </Field>
  );
}
