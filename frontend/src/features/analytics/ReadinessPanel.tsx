import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Chart, type ChartOption } from '../../lib/Chart';
import { QueryState, Table } from '../../lib/ui';
import { Downloads } from './Downloads';
import { analyticsQueries, DEFAULT_GROUP, DEFAULT_MIN_WEEKS, programmeOf, type Period } from './queries';
import { csvField } from './download';
import type { Schemas } from '../../lib/api/client';

type Group = Schemas['RespondentGroup'];
const GROUPS: Group[] = ['teacher', 'leader', 'student'];

/** A change on the 1–5 scale with its sign (+0.42, −0.10). */
const signed = (x: number) => `${x > 0 ? '+' : x < 0 ? '−' : ''}${Math.abs(x).toFixed(2)}`;

/**
 * Schools' readiness change between their two latest campaigns shared with the hub, per
 * area, and mentee schools against the others, with 95 % intervals.
 */
export function ReadinessPanel({ period }: { period: Period }) {
  const { t } = useTranslation();
  const [group, setGroup] = useState<Group>(DEFAULT_GROUP);
  const [minWeeks, setMinWeeks] = useState(DEFAULT_MIN_WEEKS);
  const programme = programmeOf(period);
  const r = useQuery(analyticsQueries.readiness(period, group, minWeeks, programme));
  const d = r.data;
  const meanText = (c: Schemas['ReadinessCohortDto']) => {
    if (c.mean_change == null) return '–';
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
          name: t(`analytics.readiness.cohort.${c}`),
          data: d.areas.map((a) => a.cohorts.find((x) => x.cohort === c)?.mean_change ?? null),
          itemStyle: { color: i === 0 ? '#1d4f91' : '#8a6d00' },
        })),
      },
    [d, t],
  );
  const csv = () =>
    [
      'area,title,schools,mean_change,cohort,cohort_schools,cohort_mean_change,ci_low,ci_high',
      ...(d?.areas ?? []).flatMap((a) =>
        a.cohorts.map((c) =>
          [a.area, csvField(a.title), a.schools, a.mean_change ?? '', c.cohort, c.schools, c.mean_change ?? '', c.ci_low ?? '', c.ci_high ?? ''].join(','),
        ),
      ),
    ].join('\n') + '\n';
  return (
    <article className="card indicator wide" aria-labelledby="readiness-title">
      <h2 id="readiness-title">{t('analytics.readiness.title')}</h2>
      <p className="hint">{t('analytics.readiness.intro')}</p>
      <form className="filters" onSubmit={(e) => e.preventDefault()}>
        <label>
          {t('analytics.readiness.group')}{' '}
          <select value={group} onChange={(e) => setGroup(e.target.value as Group)}>
            {GROUPS.map((g) => (
              <option key={g} value={g}>
                {t(`campaigns.group.${g}`)}
              </option>
            ))}
          </select>
        </label>
        {period.scope !== 'school' && (
          <label>
            {t('analytics.readiness.minWeeks')}{' '}
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
        )}
      </form>
      <QueryState isLoading={r.isLoading} error={r.error} retry={() => void r.refetch()}>
        {d && option && d.schools === 0 && <p className="empty">{t('analytics.readiness.empty')}</p>}
        {d && option && d.schools > 0 && (
          <>
            {period.scope !== 'school' && (
              <p className="notice" role="note">
                {d.caution}
              </p>
            )}
            {period.scope !== 'school' && <Chart option={option} height={60 + 48 * d.areas.length} />}
            <Table caption={t('analytics.readiness.table')}>
              <thead>
                <tr>
                  <th scope="col">{t('analytics.growth.area')}</th>
                  <th scope="col">{t('analytics.readiness.all')}</th>
                  {period.scope !== 'school' && (
                    <>
                      <th scope="col">{t('analytics.readiness.cohort.mentored')}</th>
                      <th scope="col">{t('analytics.readiness.cohort.not_yet_mentored')}</th>
                      <th scope="col">{t('analytics.cohorts.difference')}</th>
                    </>
                  )}
                </tr>
              </thead>
              <tbody>
                {d.areas.map((a) => (
                  <tr key={a.area}>
                    <th scope="row">{a.title}</th>
                    <td>
                      {a.mean_change != null ? signed(a.mean_change) : '–'}
                      <br />
                      <span className="hint">{t('analytics.readiness.schools', { count: a.schools })}</span>
                    </td>
                    {period.scope !== 'school' && (
                      <>
                        {a.cohorts.map((c) => (
                          <td key={c.cohort}>
                            {meanText(c)}
                            <br />
                            <span className="hint">{t('analytics.readiness.schools', { count: c.schools })}</span>
                          </td>
                        ))}
                        <td>
                          {a.difference
                            ? `${signed(a.difference.mean)} (${t('analytics.cohorts.interval', { low: signed(a.difference.ci_low), high: signed(a.difference.ci_high) })})`
                            : '–'}
                        </td>
                      </>
                    )}
                  </tr>
                ))}
              </tbody>
            </Table>
            {period.scope !== 'school' && <p className="hint">{t('analytics.readiness.excluded', { count: d.excluded })}</p>}
            <Downloads name="readiness-change" csv={csv} data={d} />
          </>
        )}
      </QueryState>
    </article>
  );
}
