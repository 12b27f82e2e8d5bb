import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { QueryState, Table } from '../../lib/ui';
import { analyticsQueries, type Period } from './queries';
import { Downloads } from './Downloads';

/** How many of the people the schools expected answered their readiness campaigns. */
export function ResponseRatesPanel({ period }: { period: Period }) {
  const { t, i18n } = useTranslation();
  const r = useQuery(analyticsQueries.responseRates(period));
  const d = r.data;
  const pct = (x: number) => x.toLocaleString(i18n.language, { style: 'percent', maximumFractionDigits: 0 });
  const any = (d?.groups ?? []).some((g) => g.campaigns > 0);
  const csv = () =>
    ['group,campaigns,responses,expected,rate', ...(d?.groups ?? []).map((g) => [g.group, g.campaigns, g.responses, g.expected, g.rate ?? ''].join(','))].join('\n') + '\n';
  return (
    <article className="card indicator wide" aria-labelledby="response-rates-title">
      <h2 id="response-rates-title">{t('analytics.responseRates.title')}</h2>
      <p className="hint">{t(d?.shared_only === false ? 'analytics.responseRates.introAll' : 'analytics.responseRates.intro')}</p>
      <QueryState isLoading={r.isLoading} error={r.error} retry={() => void r.refetch()}>
        {d && !any && <p className="empty">{t('analytics.responseRates.empty')}</p>}
        {d && any && (
          <>
            <Table caption={t('analytics.responseRates.table')}>
              <thead>
                <tr>
                  <th scope="col">{t('analytics.responseRates.group')}</th>
                  <th scope="col">{t('analytics.responseRates.campaigns')}</th>
                  <th scope="col">{t('analytics.responseRates.answered')}</th>
                  <th scope="col">{t('analytics.responseRates.rate')}</th>
                </tr>
              </thead>
              <tbody>
                {d.groups
                  .filter((g) => g.campaigns > 0)
                  .map((g) => (
                    <tr key={g.group}>
                      <th scope="row">{t(`campaigns.group.${g.group}`)}</th>
                      <td>{g.campaigns}</td>
                      <td>{t('analytics.responseRates.ofExpected', { n: g.responses, expected: g.expected })}</td>
                      <td>{g.rate == null ? t('analytics.noValue') : pct(g.rate)}</td>
                    </tr>
                  ))}
              </tbody>
            </Table>
            <Downloads name="response-rates" csv={csv} data={d} />
          </>
        )}
      </QueryState>
    </article>
  );
}
