import { communeLabel, giaLaiCommunes } from '@chungtay/contracts/browser';
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

/** The incident commune, found by name as people type it: "quy nhon" finds "phường Quy Nhơn". */
export function CommunePicker({
  value,
  onChange,
  problem,
  label,
}: {
  value: string;
  onChange: (code: string) => void;
  problem: string | undefined;
  label?: string;
}) {
  const { t } = useLanguage();
  const [query, setQuery] = useState(value ? communeLabel(value) : '');
  const matches = useMemo(() => {
    const wanted = folded(query.trim());
    if (!wanted) return [];
    return giaLaiCommunes
      .filter((commune) => folded(communeLabel(commune.code)).includes(wanted))
      .slice(0, 8);
  }, [query]);
  return (
    <Field label={label ?? t('incidentCommune')} problem={problem}>
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
              {t('chosen')}: <strong>{communeLabel(value)}</strong>
            </p>
          )}
          {!value && matches.length > 0 && (
            <ul className="matches" aria-label={label ?? t('incidentCommune')}>
              {matches.map((commune) => (
                <li key={commune.code}>
                  <button
                    type="button"
                    onClick={() => {
                      onChange(commune.code);
                      setQuery(communeLabel(commune.code));
                    }}
                  >
                    {communeLabel(commune.code)}
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
