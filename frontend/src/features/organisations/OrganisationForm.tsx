import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Schemas } from '../../lib/api/client';
import { keys } from '../../lib/queryKeys';
import { organisationApi } from './queries';
import { ErrorNotice, Field, useFieldErrors } from '../../lib/ui';
import { organisationKindValues } from '../../lib/api/schema';

type Kind = Schemas['OrganisationKind'];
export const ORG_KINDS: ReadonlyArray<Kind> = organisationKindValues;

/** Register an organisation (admins, hub coordinators); `onDone` gets the new one. */
export function OrganisationForm({ onDone }: { onDone: (o: Schemas['OrganisationDto']) => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [name, setName] = useState('');
  const [kind, setKind] = useState<Kind>('university');
  const [country, setCountry] = useState('');
  const [website, setWebsite] = useState('');
  const save = useMutation({
    mutationFn: () =>
      organisationApi.create({ name, kind, country: country.trim().toUpperCase() || undefined, website: website.trim() || undefined }),
    onSuccess: (o) => {
      void qc.invalidateQueries({ queryKey: keys.organisations.all });
      onDone(o);
    },
  });
  const f = useFieldErrors(save.error);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };
  return (
    <form className="card stack" onSubmit={submit} aria-label={t('organisations.new')}>
      <div className="grid">
        <Field label={t('organisations.name')} error={f.name}>
          {(p) => <input {...p} required value={name} onChange={(e) => setName(e.target.value)} />}
        </Field>
        <Field label={t('organisations.kind')} error={f.kind}>
          {(p) => (
            <select {...p} value={kind} onChange={(e) => setKind(e.target.value as Kind)}>
              {ORG_KINDS.map((k) => (
                <option key={k} value={k}>
                  {t(`orgKinds.${k}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('hubs.country')} hint={t('hubs.countryHint')} error={f.country}>
          {(p) => <input {...p} maxLength={2} value={country} onChange={(e) => setCountry(e.target.value)} />}
        </Field>
        <Field label={t('organisations.website')} error={f.website}>
          {(p) => <input {...p} type="url" placeholder="https://" value={website} onChange={(e) => setWebsite(e.target.value)} />}
        </Field>
      </div>
      {Object.keys(f).length === 0 && <ErrorNotice error={save.error} />}
      <div className="row-actions">
        <button type="submit" disabled={save.isPending}>
          {t('common.create')}
        </button>
      </div>
    </form>
  );
}
