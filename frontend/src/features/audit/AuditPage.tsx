import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Schemas } from '../../lib/api/client';
import { auditApi, auditQueries } from './queries';
import { LoadMore, usePaged } from '../../lib/paged';
import { Field, PageHeader, QueryState, Table } from '../../lib/ui';
import { useDates } from '../../lib/dates';

type Entry = Schemas['AuditEntryDto'];

/** Kinds of thing the log is about, for the filter. */
const TARGETS = ['person', 'hub', 'school', 'organisation', 'client', 'invitation', 'campaign', 'programme', 'relationship', 'activity', 'course', 'plan', 'instrument_version', 'instrument_texts', 'dataset'] as const;

/** Kinds of action, for the filter: every action of a kind is `kind.` on the API. */
const ACTION_KINDS = ['hub', 'school', 'organisation', 'person', 'role', 'invitation', 'password', 'client', 'campaign', 'programme', 'relationship', 'activity', 'course', 'plan', 'instrument', 'session', 'dataset', 'data_use_agreement'] as const;

type Filters = { actor_id: string; action: string; target_kind: string; from: string; to: string };
const NONE: Filters = { actor_id: '', action: '', target_kind: '', from: '', to: '' };

const query = (f: Filters) =>
  Object.fromEntries(Object.entries(f).filter(([, v]) => v !== '')) as Partial<Filters>;

/** One detail of an entry in words: its label and its value, ids left out. */
function useDetailWords() {
  const { t } = useTranslation();
  const value = (key: string, v: unknown): string => {
    if (v == null) return '–';
    if (typeof v === 'boolean') return t(v ? 'common.yes' : 'common.no');
    if (Array.isArray(v)) return v.map((x) => value(key, x)).join(', ');
    if (typeof v === 'object') return Object.entries(v as Record<string, unknown>).map(([k, x]) => `${k}: ${value(k, x)}`).join('; ');
    const s = String(v);
    if (key === 'role') return t(`roles.${s}`, { defaultValue: s });
    if (['status', 'from', 'to', 'state', 'approval'].includes(key)) return t(`auditValues.${s}`, { defaultValue: s });
    return s;
  };
  return (e: Entry): { label: string; text: string }[] =>
    Object.entries((e.details as Record<string, unknown> | undefined) ?? {})
      .filter(([k]) => !k.endsWith('_id') && k !== 'id')
      .map(([k, v]) => ({ label: t(`auditFields.${k}`, { defaultValue: k.replaceAll('_', ' ') }), text: value(k, v) }));
}

export function AuditPage() {
  const { t } = useTranslation();
  const [draft, setDraft] = useState<Filters>(NONE);
  const [filters, setFilters] = useState<Filters>(NONE);
  const log = usePaged(auditQueries.log(query(filters)));
  const actors = useQuery(auditQueries.actors());
  const details = useDetailWords();
  const dates = useDates();
  const who = (e: Entry) =>
    e.actor_kind === 'system'
      ? t('audit.system')
      : (e.actor_name ?? t('audit.formerUser')) + (e.actor_kind === 'client' ? ` (${t('audit.client')})` : '');
  const download = async () => {
    const csv = await auditApi.csv(query(filters));
    if (csv === null) return;
    const url = URL.createObjectURL(new Blob([csv], { type: 'text/csv' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = 'audit-log.csv';
    a.click();
    URL.revokeObjectURL(url);
  };
  const set = (k: keyof Filters) => (e: { target: { value: string } }) => setDraft({ ...draft, [k]: e.target.value });
  return (
    <section>
      <PageHeader title={t('audit.title')}>
        <button type="button" className="secondary" onClick={() => void download()}>
          {t('audit.downloadCsv')}
        </button>
      </PageHeader>
      <form
        className="card filters"
        aria-label={t('audit.filters')}
        onSubmit={(e) => {
          e.preventDefault();
          setFilters(draft);
        }}
      >
        <div className="grid">
          <Field label={t('audit.who')}>
            {(p) => (
              <select {...p} value={draft.actor_id} onChange={set('actor_id')}>
                <option value="">{t('audit.anyone')}</option>
                {(actors.data ?? []).map((a) => (
                  <option key={a.id} value={a.id}>
                    {a.name ?? t('audit.formerUser')}
                    {a.kind === 'client' ? ` (${t('audit.client')})` : ''}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label={t('audit.action')}>
            {(p) => (
              <select {...p} value={draft.action} onChange={set('action')}>
                <option value="">{t('audit.anything')}</option>
                {ACTION_KINDS.map((k) => (
                  <option key={k} value={`${k}.`}>
                    {t(`auditKinds.${k}`)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label={t('audit.about')}>
            {(p) => (
              <select {...p} value={draft.target_kind} onChange={set('target_kind')}>
                <option value="">{t('audit.anything')}</option>
                {TARGETS.map((k) => (
                  <option key={k} value={k}>
                    {t(`auditTargets.${k}`)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label={t('audit.from')}>{(p) => <input {...p} type="date" value={draft.from} onChange={set('from')} />}</Field>
          <Field label={t('audit.to')}>{(p) => <input {...p} type="date" value={draft.to} onChange={set('to')} />}</Field>
        </div>
        <div className="row-actions">
          <button type="submit">{t('audit.apply')}</button>
          <button
            type="button"
            className="secondary"
            onClick={() => {
              setDraft(NONE);
              setFilters(NONE);
            }}
          >
            {t('audit.clear')}
          </button>
        </div>
      </form>
      <QueryState isLoading={log.isLoading} error={log.error} isEmpty={log.items.length === 0} emptyText={t('audit.empty')} retry={() => void log.refetch()}>
        <Table caption={t('audit.title')}>
          <thead>
            <tr>
              <th scope="col">{t('audit.when')}</th>
              <th scope="col">{t('audit.who')}</th>
              <th scope="col">{t('audit.action')}</th>
              <th scope="col">{t('audit.about')}</th>
              <th scope="col" className="optional">
                {t('audit.details')}
              </th>
            </tr>
          </thead>
          <tbody>
            {log.items.map((e) => (
              <tr key={e.id}>
                <td>
                  <time dateTime={e.at}>{dates.moment(e.at)}</time>
                </td>
                <td>{who(e)}</td>
                <td>{t(`auditActions.${e.action.replaceAll('.', '_')}`, { defaultValue: e.action })}</td>
                <td>
                  {e.target_name ?? (e.target_id ? t('audit.gone') : '')}
                  {e.target_name && <span className="hint"> · {t(`auditTargets.${e.target_kind}`, { defaultValue: e.target_kind })}</span>}
                </td>
                <td className="optional">
                  {details(e).map((d) => (
                    <span key={d.label} className="detail">
                      <span className="hint">{d.label}:</span> {d.text}
                    </span>
                  ))}
                </td>
              </tr>
            ))}
          </tbody>
        </Table>
        <LoadMore paged={log} />
      </QueryState>
    </section>
  );
}
