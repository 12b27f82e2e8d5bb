import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Chart, type ChartOption } from '../../lib/Chart';
import { QueryState, Table } from '../../lib/ui';
import { Downloads } from './Downloads';
import { analyticsQueries, DEFAULT_MIN_WEEKS, programmeOf, type Period } from './queries';
import { csvField } from './download';
import type { Schemas } from '../../lib/api/client';

type CellLike = { value?: number | null; suppressed?: string | null };

/** A published cell as text: its value, or why it is hidden. */
function useCellText(k: number) {
  const { t } = useTranslation();
  return (c: CellLike) => (c.suppressed ? t(`analytics.suppressed.${c.suppressed}`, { k }) : (c.value ?? 0).toLocaleString());
}

/** A change in levels with its sign (+0.42, −0.10). */
const signed = (x: number) => `${x > 0 ? '+' : x < 0 ? '−' : ''}${Math.abs(x).toFixed(2)}`;

/** Teachers' competence change per area between their last two self-reflections. */
export function GrowthPanel({ period }: { period: Period }) {
  const { t } = useTranslation();
  const r = useQuery(analyticsQueries.growth(period));
  const d = r.data;
  const cellText = useCellText(d?.threshold ?? 5);
  const meanText = (a: Schemas['AreaGrowthDto']) =>
    a.mean_change != null ? signed(a.mean_change) : a.mean_suppressed ? t(`analytics.suppressed.${a.mean_suppressed}`, { k: d?.threshold ?? 5 }) : '–';
  const option = useMemo<ChartOption | undefined>(
    () =>
      d && {
        grid: { left: 150, right: 24, top: 8, bottom: 24 },
        tooltip: { trigger: 'axis' },
        xAxis: { type: 'value' },
        yAxis: { type: 'category', data: d.areas.map((a) => a.title), inverse: true },
        series: [{ type: 'bar', name: t('analytics.growth.mean'), data: d.areas.map((a) => a.mean_change ?? null), itemStyle: { color: '#1d4f91' } }],
      },
    [d, t],
  );
  const csv = () =>
    [
      'area,title,teachers,teachers_suppressed,mean_change,mean_suppressed,down,same,up_one,up_more',
      ...(d?.areas ?? []).map((a) =>
        [
          a.area,
          csvField(a.title),
          a.teachers.value ?? '',
          a.teachers.suppressed ?? '',
          a.mean_change ?? '',
          a.mean_suppressed ?? '',
          ...a.bins.map((b) => b.value ?? b.suppressed ?? ''),
        ].join(','),
      ),
    ].join('\n') + '\n';
  const nobody = d !== undefined && d.areas.every((a) => (a.teachers.value ?? 0) === 0 && !a.teachers.suppressed);
  return (
    <article className="card indicator wide" aria-labelledby="growth-title">
      <h2 id="growth-title">{t('analytics.growth.title')}</h2>
      <p className="hint">{t('analytics.growth.intro')}</p>
      <QueryState isLoading={r.isLoading} error={r.error} retry={() => void r.refetch()} isEmpty={nobody} emptyText={t('analytics.growth.empty')}>
        {d && option && (
          <>
            <Chart option={option} height={40 + 36 * d.areas.length} />
            <Table caption={t('analytics.growth.table')}>
              <thead>
                <tr>
                  <th scope="col">{t('analytics.growth.area')}</th>
                  <th scope="col">{t('analytics.growth.teachers')}</th>
                  <th scope="col">{t('analytics.growth.mean')}</th>
                  {d.areas[0]?.bins.map((b) => (
                    <th scope="col" key={b.bin}>
                      {t(`analytics.bins.${b.bin}`)}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {d.areas.map((a) => (
                  <tr key={a.area}>
                    <th scope="row">{a.title}</th>
                    <td>{cellText(a.teachers)}</td>
                    <td>{meanText(a)}</td>
                    {a.bins.map((b) => (
                      <td key={b.bin}>{cellText(b)}</td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </Table>
            <p className="hint">{t('analytics.growth.method', { k: d.threshold })}</p>
            <Downloads name="growth" csv={csv} data={d} />
          </>
        )}
      </QueryState>
    </article>
  );
}

/** Mentored teachers against those not yet mentored, per area, with 95 % intervals. */
export function CohortPanel({ period }: { period: Period }) {
  const { t } = useTranslation();
  const [minWeeks, setMinWeeks] = useState(DEFAULT_MIN_WEEKS);
  // A programme's dashboard compares that programme's mentees.
  const programme = programmeOf(period);
  const r = useQuery(analyticsQueries.cohorts(period, minWeeks, programme));
  const d = r.data;
  const cellText = useCellText(d?.threshold ?? 5);
  const meanText = (c: Schemas['CohortStatDto']) => {
    if (c.mean_change == null) return c.mean_suppressed ? t(`analytics.suppressed.${c.mean_suppressed}`, { k: d?.threshold ?? 5 }) : '–';
    const ci = c.ci_low != null && c.ci_high != null ? ` (${t('analytics.cohorts.interval', { low: signed(c.ci_low), high: signed(c.ci_high) })})` : '';
    return `${signed(c.mean_change)}${ci}`;
  };
  const option = useMemo<ChartOption | undefined>(
    () =>
      d && {
        grid: { left: 150, right: 24, top: 32, bottom: 24 },
        tooltip: { trigger: 'axis' },
        legend: { top: 0 },
        xAxis: { type: 'value' },
        yAxis: { type: 'category', data: d.areas.map((a) => a.title), inverse: true },
        series: (['mentored', 'not_yet_mentored'] as const).map((c, i) => ({
          type: 'bar',
          name: t(`analytics.cohort.${c}`),
          data: d.areas.map((a) => a.cohorts.find((x) => x.cohort === c)?.mean_change ?? null),
          itemStyle: { color: i === 0 ? '#1d4f91' : '#8a6d00' },
        })),
      },
    [d, t],
  );
  const csv = () =>
    [
      'area,title,cohort,teachers,teachers_suppressed,mean_change,ci_low,ci_high,mean_suppressed',
      ...(d?.areas ?? []).flatMap((a) =>
        a.cohorts.map((c) =>
          [a.area, csvField(a.title), c.cohort, c.teachers.value ?? '', c.teachers.suppressed ?? '', c.mean_change ?? '', c.ci_low ?? '', c.ci_high ?? '', c.mean_suppressed ?? ''].join(','),
        ),
      ),
    ].join('\n') + '\n';
  return (
    <article className="card indicator wide" aria-labelledby="cohorts-title">
      <h2 id="cohorts-title">{t('analytics.cohorts.title')}</h2>
      <p className="hint">{t('analytics.cohorts.intro')}</p>
      <form className="filters" onSubmit={(e) => e.preventDefault()}>
        <label>
          {t('analytics.cohorts.minWeeks')}{' '}
          <input
            type="number"
            min={0}
            max={104}
            value={minWeeks}
            onChange={(e) => {
              const n = Number(e.target.value);
              if (Number.isInteger(n) && n >= 0 && n <= 104) setMinWeeks(n);
            }}
          />
        </label>
      </form>
      <QueryState isLoading={r.isLoading} error={r.error} retry={() => void r.refetch()}>
        {d && option && (
          <>
            <p className="notice" role="note">
              {d.caution}
            </p>
            <Chart option={option} height={60 + 48 * d.areas.length} />
            <Table caption={t('analytics.cohorts.table')}>
              <thead>
                <tr>
                  <th scope="col">{t('analytics.growth.area')}</th>
                  <th scope="col">{t('analytics.cohort.mentored')}</th>
                  <th scope="col">{t('analytics.cohort.not_yet_mentored')}</th>
                  <th scope="col">{t('analytics.cohorts.difference')}</th>
                </tr>
              </thead>
              <tbody>
                {d.areas.map((a) => (
                  <tr key={a.area}>
                    <th scope="row">{a.title}</th>
                    {a.cohorts.map((c) => (
                      <td key={c.cohort}>
                        {meanText(c)}
                        <br />
                        <span className="hint">
                          {t('analytics.cohorts.teachers', { value: cellText(c.teachers) })}
                        </span>
                      </td>
                    ))}
                    <td>
                      {a.difference
                        ? `${signed(a.difference.mean)} (${t('analytics.cohorts.interval', { low: signed(a.difference.ci_low), high: signed(a.difference.ci_high) })})`
                        : '–'}
                    </td>
                  </tr>
                ))}
              </tbody>
            </Table>
            <p className="hint">{t('analytics.cohorts.excluded', { value: cellText(d.excluded) })}</p>
            <Downloads name="cohorts" csv={csv} data={d} />
          </>
        )}
      </QueryState>
    </article>
  );
}
