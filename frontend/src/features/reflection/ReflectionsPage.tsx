import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { keys } from '../../lib/queryKeys';
import { reflectionApi, reflectionQueries } from './queries';
import { LoadMore, usePaged } from '../../lib/paged';
import { ErrorNotice, PageHeader, QueryState, Table } from '../../lib/ui';
import { SharingCards } from './SharingCards';
import { useDates } from '../../lib/dates';

/** A teacher's own reflections: continue the one in progress, start one, open reports. */
export function ReflectionsPage() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const list = usePaged(reflectionQueries.mine());
  const start = useMutation({
    mutationFn: () => reflectionApi.start(i18n.resolvedLanguage),
    onSuccess: (f) => {
      void qc.invalidateQueries({ queryKey: keys.reflections.all });
      navigate(`/reflections/${f.reflection.id}`);
    },
  });
  const dates = useDates();
  const open = list.items.find((r) => r.status === 'in_progress');
  const done = list.items.filter((r) => r.status === 'submitted');
  return (
    <section>
      <PageHeader title={t('reflection.title')} />
      <p>{t('reflection.intro')}</p>
      <p className="hint">{t('reflection.private')}</p>
      <QueryState isLoading={list.isLoading} error={list.error} retry={() => void list.refetch()}>
        <div className="card">
          {open ? (
            <>
              <h2>{t('reflection.inProgress')}</h2>
              <p>
                {open.title} · {t('reflection.startedOn', { date: dates.dayOf(open.started_at) })}
              </p>
              <progress max={open.progress.total} value={open.progress.answered} aria-label={t('reflection.progressLabel')} />
              <p>{t('reflection.progress', { answered: open.progress.answered, total: open.progress.total })}</p>
              <Link className="button" to={`/reflections/${open.id}`}>
                {t('reflection.continue')}
              </Link>
            </>
          ) : (
            <>
              <h2>{t('reflection.newTitle')}</h2>
              <p>{t('reflection.newText')}</p>
              <button type="button" onClick={() => start.mutate()} disabled={start.isPending}>
                {t('reflection.start')}
              </button>
              <ErrorNotice error={start.error} />
            </>
          )}
        </div>
        <h2>{t('reflection.history')}</h2>
        <Table caption={t('reflection.history')} isEmpty={done.length === 0} emptyText={t('reflection.noHistory')}>
          <thead>
            <tr>
              <th scope="col">{t('reflection.submitted')}</th>
              <th scope="col">{t('report.overall')}</th>
              <th scope="col" className="optional">
                {t('reflection.instrument')}
              </th>
              <th scope="col">
                <span className="visually-hidden">{t('reflection.viewReport')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {done.map((r) => (
              <tr key={r.id}>
                <td>{r.submitted_at ? dates.dayOf(r.submitted_at) : ''}</td>
                <td>{r.overall_level ? r.overall_level.toUpperCase() : '–'}</td>
                <td className="optional">
                  {r.title} ({r.version})
                </td>
                <td>
                  <Link to={`/reflections/${r.id}/report`}>{t('reflection.viewReport')}</Link>
                </td>
              </tr>
            ))}
          </tbody>
        </Table>
        <LoadMore paged={list} />
        <SharingCards submitted={done} />
      </QueryState>
    </section>
  );
}
