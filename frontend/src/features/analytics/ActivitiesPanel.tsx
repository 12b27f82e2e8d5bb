import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Chart, type ChartOption } from '../../lib/Chart';
import { QueryState, Table } from '../../lib/ui';
import { activityModeValues } from '../../lib/api/schema';
import { Downloads } from './Downloads';
import { analyticsQueries, type Period } from './queries';
import { csvField } from './download';

const COLOURS = ['#1d4f91', '#2f7d4a', '#a05a00', '#7a3e9d', '#b03a48', '#3b7c8c', '#6b6b6b', '#8a6d1f'];

/** Mentoring activities per bucket by kind (stacked bars), and for the period a table of
 * kinds against modes with their hours. */
export function ActivitiesPanel({ period }: { period: Period }) {
  const { t, i18n } = useTranslation();
  const r = useQuery(analyticsQueries.activities(period));
  const d = r.data;
  // A hub's own kinds have no translation: they show as written.
  const kindLabel = (k: string) => t(`mentoring.activityKinds.${k}`, { defaultValue: k.replaceAll('_', ' ') });
  const num = (x: number) => x.toLocaleString(i18n.language, { maximumFractionDigits: 2 });
  const kinds = useMemo(() => [...new Set((d?.total ?? []).map((c) => c.kind))], [d]);
  const cell = (kind: string, mode?: string) => {
    const xs = (d?.total ?? []).filter((c) => c.kind === kind && (mode === undefined || c.mode === mode));
    return { n: xs.reduce((a, c) => a + c.activities, 0), h: xs.reduce((a, c) => a + c.hours, 0) };
  };
  const option = useMemo<ChartOption | undefined>(() => {
    if (!d || kinds.length === 0) return undefined;
    return {
      grid: { left: 40, right: 16, top: 40, bottom: 32 },
      tooltip: { trigger: 'axis' },
      legend: { top: 0, type: 'scroll' },
      xAxis: { type: 'category', data: d.series.map((b) => b.label) },
      yAxis: { type: 'value', minInterval: 1 },
      series: kinds.map((k, i) => ({
        type: 'bar',
        stack: 'kinds',
        name: kindLabel(k),
        itemStyle: { color: COLOURS[i % COLOURS.length] },
        data: d.series.map((b) => b.counts.filter((c) => c.kind === k).reduce((a, c) => a + c.activities, 0)),
      })),
    };
    // kindLabel depends on the language only through t, which changes with it.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [d, kinds, i18n.language]);
  const csv = () =>
    [
      'period,from,to,kind,mode,activities,hours',
      ...(d?.series ?? []).flatMap((b) => b.counts.map((c) => [csvField(b.label), b.from, b.to, csvField(c.kind), c.mode, c.activities, c.hours].join(','))),
      ...(d?.total ?? []).map((c) => [csvField(t('analytics.total')), d?.from, d?.to, csvField(c.kind), c.mode, c.activities, c.hours].join(',')),
    ].join('\n') + '\n';
  return (
    <article className="card indicator wide" aria-labelledby="activities-title">
      <h2 id="activities-title">{t('analytics.activities.title')}</h2>
      <p className="hint">{t('analytics.activities.intro')}</p>
      <QueryState isLoading={r.isLoading} error={r.error} retry={() => void r.refetch()}>
        {d && kinds.length === 0 && <p className="empty">{t('analytics.activities.empty')}</p>}
        {d && kinds.length > 0 && (
          <>
            {option && <Chart option={option} height={260} />}
            <Table caption={t('analytics.activities.table')}>
              <thead>
                <tr>
                  <th scope="col">{t('analytics.activities.kind')}</th>
                  {activityModeValues.map((m) => (
                    <th scope="col" key={m}>
                      {t(`mentoring.modes.${m}`)}
                    </th>
                  ))}
                  <th scope="col">{t('analytics.total')}</th>
                </tr>
              </thead>
              <tbody>
                {kinds.map((k) => (
                  <tr key={k}>
                    <th scope="row">{kindLabel(k)}</th>
                    {[...activityModeValues, undefined].map((m) => {
                      const c = cell(k, m);
                      return <td key={m ?? 'all'}>{c.n === 0 ? '0' : t('analytics.activities.cell', { n: c.n, hours: num(c.h) })}</td>;
                    })}
                  </tr>
                ))}
              </tbody>
            </Table>
            <Downloads name="activities" csv={csv} data={d} />
          </>
        )}
      </QueryState>
    </article>
  );
}
