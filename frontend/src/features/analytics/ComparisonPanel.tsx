import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Chart, type ChartOption } from '../../lib/Chart';
import { QueryState, Table } from '../../lib/ui';
import { Downloads } from './Downloads';
import { analyticsQueries, type Period } from './queries';
import { csvField } from './download';
import type { Schemas } from '../../lib/api/client';

type Cell = Schemas['CellDto'];
/** Bars are drawn up to this many units; beyond, the table alone reads better. */
const MAX_BARS = 40;

/** One indicator side by side: the platform's hubs, a hub's or programme's schools, or a
 * school against the quartiles of its hub's schools (no other school named). */
export function ComparisonPanel({ period, catalogue }: { period: Period; catalogue: Schemas['IndicatorInfoDto'][] }) {
  const { t, i18n } = useTranslation();
  const unit: Schemas['CompareUnit'] = period.scope === 'platform' ? 'hub' : 'school';
  const choices = catalogue.filter((i) => i.comparable_by.includes(unit) && i.scopes.includes(period.scope));
  const [picked, setPicked] = useState('');
  const info = choices.find((i) => i.key === picked) ?? choices.find((i) => i.key === 'teachers_active') ?? choices[0];
  const r = useQuery({
    ...analyticsQueries.comparison(info?.key ?? '', period, info?.school_filters ?? true),
    enabled: info !== undefined,
  });
  const d = r.data;
  const own = period.scope === 'school';
  const num = (v: number) => v.toLocaleString(i18n.language, { maximumFractionDigits: 2 });
  const cellText = (c: Cell) => (c.suppressed ? t(`analytics.suppressed.${c.suppressed}`, { k: d?.threshold ?? 5 }) : num(c.value ?? 0));
  const option = useMemo<ChartOption | undefined>(() => {
    if (!d || own || d.rows.length === 0 || d.rows.length > MAX_BARS) return undefined;
    const rows = [...d.rows].reverse();
    return {
      grid: { left: 140, right: 24, top: 8, bottom: 24 },
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: { type: 'category', data: rows.map((x) => x.name), axisLabel: { width: 130, overflow: 'truncate' } },
      series: [{ type: 'bar', name: d.title, data: rows.map((x) => x.cell.value ?? null), itemStyle: { color: '#1d4f91' } }],
    };
  }, [d, own]);
  const csv = () =>
    d
      ? [
          `${d.units}_id,${d.units},value,suppressed`,
          ...d.rows.map((x) => [x.id, csvField(x.name), x.cell.value ?? '', x.cell.suppressed ?? ''].join(',')),
          ['', csvField(t(own ? 'analytics.compare.hubTotal' : 'analytics.compare.total')), d.total.value ?? '', d.total.suppressed ?? ''].join(','),
          ...(d.quartiles
            ? [
                ['', csvField(t('analytics.compare.q1')), d.quartiles.q1, ''].join(','),
                ['', csvField(t('analytics.compare.median')), d.quartiles.median, ''].join(','),
                ['', csvField(t('analytics.compare.q3')), d.quartiles.q3, ''].join(','),
              ]
            : []),
        ].join('\n') + '\n'
      : '';
  if (choices.length === 0) return null;
  return (
    <article className="card indicator wide" aria-labelledby="compare-title">
      <h2 id="compare-title">{t(own ? 'analytics.compare.titleSchool' : `analytics.compare.title.${unit}`)}</h2>
      <p className="hint">{t(own ? 'analytics.compare.introSchool' : 'analytics.compare.intro')}</p>
      <label>
        {t('analytics.compare.indicator')}{' '}
        <select value={info?.key ?? ''} onChange={(e) => setPicked(e.target.value)}>
          {choices.map((i) => (
            <option key={i.key} value={i.key}>
              {i.title}
            </option>
          ))}
        </select>
      </label>
      <QueryState isLoading={r.isLoading} error={r.error} retry={() => void r.refetch()}>
        {d && d.rows.length === 0 && <p className="empty">{t('analytics.compare.empty')}</p>}
        {d && d.rows.length > 0 && (
          <>
            {own && (
              <p className="kpi">
                <strong>{cellText(d.rows[0]?.cell ?? d.total)}</strong> {t(`analytics.units.${d.unit}`)}
              </p>
            )}
            <p>
              {d.quartiles
                ? t('analytics.compare.quartiles', { q1: num(d.quartiles.q1), median: num(d.quartiles.median), q3: num(d.quartiles.q3), n: d.quartiles.units })
                : t('analytics.compare.fewUnits')}
            </p>
            {d.perturbed && <p className="hint">{t('analytics.anonymity', { k: d.threshold })}</p>}
            {option && <Chart option={option} height={Math.max(160, d.rows.length * 26 + 40)} />}
            <Table caption={t('analytics.compare.table', { title: d.title })}>
              <thead>
                <tr>
                  <th scope="col">{t(`analytics.compare.unit.${d.units}`)}</th>
                  <th scope="col">{t('analytics.value')}</th>
                </tr>
              </thead>
              <tbody>
                {d.rows.map((x) => (
                  <tr key={x.id}>
                    <th scope="row">{x.name}</th>
                    <td>{cellText(x.cell)}</td>
                  </tr>
                ))}
                <tr>
                  <th scope="row">{t(own ? 'analytics.compare.hubTotal' : 'analytics.compare.total')}</th>
                  <td>{cellText(d.total)}</td>
                </tr>
              </tbody>
            </Table>
            <Downloads name={`${d.key}-comparison`} csv={csv} data={d} />
          </>
        )}
      </QueryState>
    </article>
  );
}
