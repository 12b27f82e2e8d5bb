import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Schemas } from '../../lib/api/client';
import { keys } from '../../lib/queryKeys';
import { reflectionApi, reflectionQueries } from './queries';
import { useDebounced } from '../../lib/paged';
import { ErrorNotice, Field, useFieldErrors } from '../../lib/ui';
import { useDates } from '../../lib/dates';

/** Who the teacher shares reflections with, and what colleagues shared with them. */
export function SharingCards({ submitted }: { submitted: Schemas['ReflectionSummaryDto'][] }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const dates = useDates();
  const [person, setPerson] = useState('');
  const [search, setSearch] = useState('');
  const q = useDebounced(search.trim(), 300);
  const candidates = useQuery(reflectionQueries.shareCandidates(q));
  const [which, setWhich] = useState('latest');
  const shares = useQuery(reflectionQueries.sharesGiven());
  const incoming = useQuery(reflectionQueries.sharesIncoming());
  const share = useMutation({
    mutationFn: () => reflectionApi.share({ person_id: person, reflection_id: which === 'latest' ? undefined : which }),
    onSuccess: () => {
      setPerson('');
      void qc.invalidateQueries({ queryKey: keys.shares.all });
    },
  });
  const revoke = useMutation({
    mutationFn: (id: string) => reflectionApi.revokeShare(id),
    onSuccess: () => void qc.invalidateQueries({ queryKey: keys.shares.all }),
  });
  const errs = useFieldErrors(share.error);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    share.mutate();
  };
  return (
    <>
      <div className="card">
        <h2>{t('sharing.title')}</h2>
        <p className="hint">{t('sharing.intro')}</p>
        {(shares.data ?? []).length > 0 && (
          <ul className="plain-list">
            {shares.data?.map((s) => (
              <li key={s.id} className="row-actions">
                <span>
                  <strong>{s.grantee_name}</strong> ({s.grantee_email}) ·{' '}
                  {s.latest
                    ? t('sharing.latest')
                    : t('sharing.one', {
                        date: (() => {
                          const r = submitted.find((x) => x.id === s.reflection_id);
                          return r?.submitted_at ? dates.dayOf(r.submitted_at) : '';
                        })(),
                      })}
                </span>
                <button type="button" className="secondary" onClick={() => revoke.mutate(s.id)} disabled={revoke.isPending}>
                  {t('sharing.revoke')}
                </button>
              </li>
            ))}
          </ul>
        )}
        <form onSubmit={submit} noValidate className="filters">
          <Field label={t('sharing.findColleague')} hint={t('sharing.findHint')}>
            {(p) => <input {...p} type="search" value={search} onChange={(e) => setSearch(e.target.value)} />}
          </Field>
          <Field label={t('sharing.colleague')} error={errs.person_id}>
            {(p) => (
              <select {...p} value={person} onChange={(e) => setPerson(e.target.value)}>
                <option value="">{(candidates.data ?? []).length > 0 ? t('sharing.choose') : t('sharing.noColleagues')}</option>
                {(candidates.data ?? []).map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.name} · {c.roles.map((r) => t(`roles.${r}`)).join(', ')}
                    {c.school_name ? ` · ${c.school_name}` : ''}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label={t('sharing.which')} error={errs.reflection_id}>
            {(p) => (
              <select {...p} value={which} onChange={(e) => setWhich(e.target.value)}>
                <option value="latest">{t('sharing.latest')}</option>
                {submitted.map((r) => (
                  <option key={r.id} value={r.id}>
                    {t('sharing.one', { date: r.submitted_at ? dates.dayOf(r.submitted_at) : '' })}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <button type="submit" disabled={share.isPending || !person}>
            {t('sharing.share')}
          </button>
        </form>
        {!errs.person_id && <ErrorNotice error={share.error} />}
        <ErrorNotice error={revoke.error} />
      </div>
      {(incoming.data ?? []).length > 0 && (
        <div className="card">
          <h2>{t('sharing.incoming')}</h2>
          <ul className="plain-list">
            {incoming.data?.map((s) => (
              <li key={s.share_id}>
                <strong>{s.owner_name}</strong> ·{' '}
                {s.reflection ? (
                  <Link to={`/reflections/${s.reflection.id}/report`}>
                    {t('sharing.one', { date: s.reflection.submitted_at ? dates.dayOf(s.reflection.submitted_at) : '' })}
                  </Link>
                ) : (
                  <span className="hint">{t('sharing.nothingYet')}</span>
                )}
              </li>
            ))}
          </ul>
        </div>
      )}
    </>
  );
}
