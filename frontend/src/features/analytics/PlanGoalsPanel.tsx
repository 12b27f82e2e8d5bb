import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Chart, type ChartOption } from '../../lib/Chart';
import { QueryState, Table } from '../../lib/ui';
import { Downloads } from './Downloads';
import { analyticsQueries, type Period } from './queries';
import { csvField } from './download';

/** Development-plan goals as they stood at the end of each bucket: set, measured and
 * reached (lines), with the same figures as a table. */
export function PlanGoalsPanel({ period }: { period: Period }) {
  const { t } = useTranslation();
  const r = useQuery(analyticsQueries.planGoals(period));
  const d = r.data;
  const option = useMemo<ChartOption | undefined>(() => {
    if (!d || d.total.goals === 0) return undefined;
    const line = (name: string, color: string, values: number[]) => ({ type: 'line' as const, name, itemStyle: { color }, data: values });
    return {
      grid: { left: 40, right: 16, top: 40, bottom: 32 },
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      xAxis: { type: 'category', data: d.series.map((b) => b.label) },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        line(t('analytics.planGoals.goals'), '#6b6b6b', d.series.map((b) => b.goals)),
        line(t('analytics.planGoals.measured'), '#1d4f91', d.series.map((b) => b.measured)),
        line(t('analytics.planGoals.reached'), '#2f7d4a', d.series.map((b) => b.reached)),
      ],
    };
  }, [d, t]);
  const csv = () =>
    ['period,from,to,goals,measured,reached', ...(d?.series ?? []).map((b) => [csvField(b.label), b.from, b.to, b.goals, b.measured, b.reached].join(','))].join(
      '\n',
    ) + '\n';
  return (
    <article className="card indicator wide" aria-labelledby="plan-goals-title">
      <h2 id="plan-goals-title">{t('analytics.planGoals.title')}</h2>
      <p className="hint">{t(d?.shared_only === false ? 'analytics.planGoals.introAll' : 'analytics.planGoals.intro')}</p>
      <QueryState isLoading={r.isLoading} error={r.error} retry={() => void r.refetch()}>
        {d && d.total.goals === 0 && <p className="empty">{t('analytics.planGoals.empty')}</p>}
        {d && d.total.goals > 0 && (
          <>
            <p>{t('analytics.planGoals.summary', { reached: d.total.reached, measured: d.total.measured, goals: d.total.goals })}</p>
            {option && <Chart option={option} height={220} />}
            <Table caption={t('analytics.planGoals.table')}>
              <thead>
                <tr>
                  <th scope="col">{t('analytics.periodColumn')}</th>
                  <th scope="col">{t('analytics.planGoals.goals')}</th>
                  <th scope="col">{t('analytics.planGoals.measured')}</th>
                  <th scope="col">{t('analytics.planGoals.reached')}</th>
                </tr>
              </thead>
              <tbody>
                {d.series.map((b) => (
                  <tr key={b.label}>
                    <th scope="row">{b.label}</th>
                    <td>{b.goals}</td>
                    <td>{b.measured}</td>
                    <td>{b.reached}</td>
                  </tr>
                ))}
              </tbody>
            </Table>
            <Downloads name="plan-goals" csv={csv} data={d} />
          </>
        )}
      </QueryState>
    </article>
  );
}
