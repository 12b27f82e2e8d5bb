import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Schemas } from '../../lib/api/client';
import { splitList, TIME_ZONES } from '../../lib/forms';
import { keys } from '../../lib/queryKeys';
import { hubApi } from './queries';
import { ErrorNotice, Field, useFieldErrors } from '../../lib/ui';

type Hub = Schemas['HubDto'];

/** Create a hub (no `hub`) or edit one (with `If-Match` on its version). */
export function HubForm({ hub, onDone }: { hub?: Hub; onDone: (h: Hub) => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [name, setName] = useState(hub?.name ?? '');
  const [country, setCountry] = useState(hub?.country ?? '');
  const [region, setRegion] = useState(hub?.region ?? '');
  const [languages, setLanguages] = useState(hub?.languages.join(', ') ?? '');
  const [timeZone, setTimeZone] = useState(hub?.time_zone ?? 'Europe/Tallinn');
  const [description, setDescription] = useState(hub?.description ?? '');
  const save = useMutation({
    mutationFn: async () => {
      const body = {
        name,
        country: country.trim().toUpperCase(),
        region: region.trim() || null,
        languages: splitList(languages),
        time_zone: timeZone,
        description: description.trim() || null,
      };
      if (hub) return hubApi.update(hub, body);
      return hubApi.create({ ...body, region: body.region ?? undefined, description: body.description ?? undefined });
    },
    onSuccess: (h) => {
      void qc.invalidateQueries({ queryKey: keys.hubs.all });
      onDone(h);
    },
  });
  const f = useFieldErrors(save.error);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };
  return (
    <form className="card stack" onSubmit={submit} aria-label={hub ? t('common.edit') : t('hubs.new')}>
      <div className="grid">
        <Field label={t('hubs.name')} error={f.name}>
          {(p) => <input {...p} required value={name} onChange={(e) => setName(e.target.value)} />}
        </Field>
        <Field label={t('hubs.country')} hint={t('hubs.countryHint')} error={f.country}>
          {(p) => <input {...p} required maxLength={2} value={country} onChange={(e) => setCountry(e.target.value)} />}
        </Field>
        <Field label={t('hubs.region')} error={f.region}>
          {(p) => <input {...p} value={region} onChange={(e) => setRegion(e.target.value)} />}
        </Field>
        <Field label={t('hubs.languages')} hint={t('hubs.languagesHint')} error={f.languages}>
          {(p) => <input {...p} required value={languages} onChange={(e) => setLanguages(e.target.value)} />}
        </Field>
        <Field label={t('hubs.timeZone')} error={f.time_zone}>
          {(p) => (
            <>
              <input {...p} required list="time-zones" value={timeZone} onChange={(e) => setTimeZone(e.target.value)} />
              <datalist id="time-zones">
                {TIME_ZONES.map((z) => (
                  <option key={z} value={z} />
                ))}
              </datalist>
            </>
          )}
        </Field>
      </div>
      <Field label={t('hubs.description')} error={f.description}>
        {(p) => <textarea {...p} rows={3} value={description} onChange={(e) => setDescription(e.target.value)} />}
      </Field>
      {Object.keys(f).length === 0 && <ErrorNotice error={save.error} />}
      <div className="row-actions">
        <button type="submit" disabled={save.isPending}>
          {save.isPending ? t('common.saving') : hub ? t('common.save') : t('common.create')}
        </button>
      </div>
    </form>
  );
}
