import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type ChangeEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ApiError, type Schemas } from '../../lib/api/client';
import { keys } from '../../lib/queryKeys';
import { instrumentApi, instrumentQueries } from './queries';
import { useAbilities } from '../../lib/auth';
import { ErrorNotice, PageHeader, QueryState, Table } from '../../lib/ui';
import { useDates } from '../../lib/dates';

type Instrument = Schemas['InstrumentDto'];

/** Instruments, their versions and translations; admins publish, hubs review translations. */
export function InstrumentsPage() {
  const { t, i18n } = useTranslation();
  const can = useAbilities();
  const list = useQuery(instrumentQueries.list(i18n.resolvedLanguage));
  return (
    <section>
      <PageHeader title={t('instruments.title')} />
      <p>{t('instruments.intro')}</p>
      {can.isAdmin && <PublishForm />}
      <QueryState isLoading={list.isLoading} error={list.error} isEmpty={list.data?.length === 0} retry={() => void list.refetch()}>
        {list.data?.map((i) => <InstrumentCard key={i.key} i={i} canReview={can.isAdmin || can.coordinatedHubs.length > 0} />)}
      </QueryState>
    </section>
  );
}

function InstrumentCard({ i, canReview }: { i: Instrument; canReview: boolean }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const dates = useDates();
  const setStatus = useMutation({
    mutationFn: (v: { version: string; language: string; status: Schemas['ReviewStatus']; etag: number }) => instrumentApi.setTextStatus(i.key, v),
    onSuccess: () => void qc.invalidateQueries({ queryKey: keys.instruments.all }),
  });
  return (
    <article className="card">
      <h2>{i.title}</h2>
      <p className="hint">
        <code>{i.key}</code> · {t(`instruments.kinds.${i.kind}`, { defaultValue: i.kind })}
      </p>
      {i.versions.map((v) => (
        <div key={v.version}>
          <h3>
            <Link to={`/instruments/${i.key}/${v.version}`}>{t('instruments.version', { version: v.version })}</Link>{' '}
            {v.current && <span className="chip">{t('instruments.current')}</span>}{' '}
            {v.in_use && <span className="chip">{t('instruments.inUse')}</span>}
          </h3>
          <p className="hint">
            {t('instruments.items', { count: v.items })} · {t(`instruments.origin.${v.origin}`, { defaultValue: v.origin })} ·{' '}
            {dates.dayOf(v.created_at)}
          </p>
          <Table caption={t('instruments.translations')}>
            <thead>
              <tr>
                <th scope="col">{t('instruments.language')}</th>
                <th scope="col">{t('instruments.status')}</th>
                <th scope="col">{t('instruments.coverage')}</th>
                {canReview && (
                  <th scope="col">
                    <span className="visually-hidden">{t('instruments.actions')}</span>
                  </th>
                )}
              </tr>
            </thead>
            <tbody>
              {v.translations.map((tr) => (
                <tr key={tr.language}>
                  <th scope="row">{tr.language}</th>
                  <td>{t(`instruments.${tr.status}`)}</td>
                  <td>
                    <progress max={tr.total} value={tr.translated} aria-label={t('instruments.coverage')} />{' '}
                    {t('instruments.coverageOf', { translated: tr.translated, total: tr.total })}
                  </td>
                  {canReview && (
                    <td>
                      {tr.status === 'draft' ? (
                        <button
                          type="button"
                          className="secondary"
                          disabled={tr.translated < tr.total || setStatus.isPending}
                          title={tr.translated < tr.total ? t('instruments.incomplete') : undefined}
                          onClick={() => setStatus.mutate({ version: v.version, language: tr.language, status: 'reviewed', etag: tr.version })}
                        >
                          {t('instruments.markReviewed')}
                        </button>
                      ) : (
                        <button
                          type="button"
                          className="secondary"
                          disabled={setStatus.isPending}
                          onClick={() => setStatus.mutate({ version: v.version, language: tr.language, status: 'draft', etag: tr.version })}
                        >
                          {t('instruments.markDraft')}
                        </button>
                      )}
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </Table>
        </div>
      ))}
      <ErrorNotice error={setStatus.error} />
    </article>
  );
}

function PublishForm() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [parseError, setParseError] = useState<string | null>(null);
  const publish = useMutation({
    mutationFn: (body: { definition: Record<string, unknown>; texts: Record<string, unknown>[] }) => instrumentApi.publish(body),
    onSuccess: () => void qc.invalidateQueries({ queryKey: keys.instruments.all }),
  });
  const onFile = async (e: ChangeEvent<HTMLInputElement>) => {
    setParseError(null);
    publish.reset();
    const file = e.target.files?.[0];
    if (!file) return;
    try {
      const json: unknown = JSON.parse(await file.text());
      const o = json as { definition?: unknown; texts?: unknown };
      if (!o || typeof o !== 'object' || typeof o.definition !== 'object' || !Array.isArray(o.texts)) {
        setParseError(t('instruments.fileShape'));
        return;
      }
      publish.mutate({ definition: o.definition as Record<string, unknown>, texts: o.texts as Record<string, unknown>[] });
    } catch {
      setParseError(t('instruments.notJson'));
    }
    e.target.value = '';
  };
  const problems = publish.error instanceof ApiError ? (publish.error.problem.errors ?? []) : [];
  return (
    <div className="card">
      <h2>{t('instruments.publish')}</h2>
      <p className="hint">{t('instruments.publishHint')}</p>
      <label className="field">
        <span>{t('instruments.file')}</span>
        <input type="file" accept="application/json,.json" onChange={(e) => void onFile(e)} />
      </label>
      {parseError && (
        <p role="alert" className="notice error">
          {parseError}
        </p>
      )}
      {publish.data && (
        <p role="status" className="notice ok">
          {t('instruments.published', { key: publish.data.key, version: publish.data.version })}
        </p>
      )}
      {problems.length > 0 ? (
        <div role="alert" className="notice error">
          <p>{t('instruments.problems', { count: problems.length })}</p>
          <ul>
            {problems.map((p, n) => (
              <li key={n}>
                <code>{p.field}</code>: {p.message}
              </li>
            ))}
          </ul>
        </div>
      ) : (
        <ErrorNotice error={publish.error} />
      )}
    </div>
  );
}
