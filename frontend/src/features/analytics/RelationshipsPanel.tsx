import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { QueryState, Table } from '../../lib/ui';
import { relationshipKindValues, relationshipStatusValues } from '../../lib/api/schema';
import { analyticsQueries, type Period } from './queries';
import { Downloads } from './Downloads';

/** Mentoring relationships set up by the end of the period, by structure and status. */
export function RelationshipsPanel({ period }: { period: Period }) {
  const { t } = useTranslation();
  const r = useQuery(analyticsQueries.relationships(period));
  const d = r.data;
  const counts = d?.counts ?? [];
  const kinds = relationshipKindValues.filter((k) => counts.some((c) => c.kind === k));
  const n = (kind: string, status?: string) =>
    counts.filter((c) => c.kind === kind && (status === undefined || c.status === status)).reduce((a, c) => a + c.relationships, 0);
  const csv = () => ['kind,status,relationships', ...counts.map((c) => [c.kind, c.status, c.relationships].join(','))].join('\n') + '\n';
  return (
    <article className="card indicator wide" aria-labelledby="relationships-title">
      <h2 id="relationships-title">{t('analytics.relationships.title')}</h2>
      <p className="hint">{t('analytics.relationships.intro')}</p>
      <QueryState isLoading={r.isLoading} error={r.error} retry={() => void r.refetch()}>
        {d && kinds.length === 0 && <p className="empty">{t('analytics.relationships.empty')}</p>}
        {d && kinds.length > 0 && (
          <>
            <Table caption={t('analytics.relationships.table')}>
              <thead>
                <tr>
                  <th scope="col">{t('analytics.relationships.kind')}</th>
                  {relationshipStatusValues.map((s) => (
                    <th scope="col" key={s}>
                      {t(`mentoring.status.${s}`)}
                    </th>
                  ))}
                  <th scope="col">{t('analytics.relationships.all')}</th>
                </tr>
              </thead>
              <tbody>
                {kinds.map((k) => (
                  <tr key={k}>
                    <th scope="row">{t(`mentoring.kinds.${k}`)}</th>
                    {[...relationshipStatusValues, undefined].map((s) => (
                      <td key={s ?? 'all'}>{n(k, s)}</td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </Table>
            <Downloads name="relationships" csv={csv} data={d} />
          </>
        )}
      </QueryState>
    </article>
  );
}
