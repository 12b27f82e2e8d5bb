import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { QueryState, Table } from '../../lib/ui';
import { Downloads } from './Downloads';
import { analyticsQueries, type Period } from './queries';
import { csvField } from './download';
import type { Schemas } from '../../lib/api/client';

type Row = Schemas['SchoolHoursRowDto'];

/** A school's hours as a bar against its programme's range (the numbers are in the text). */
function RangeBar({ row }: { row: Row }) {
  const max = Math.max(row.max_hours * 1.15, row.hours.hours, 1);
  const pct = (v: number) => `${Math.min(100, (v / max) * 100)}%`;
  return (
    <div className="hours-bar" aria-hidden="true">
      <span className="hours-range" style={{ left: pct(row.min_hours), width: `calc(${pct(row.max_hours)} - ${pct(row.min_hours)})` }} />
      <span className={`hours-fill ${row.hours.against_target ?? ''}`} style={{ width: pct(row.hours.hours) }} />
    </div>
  );
}

/** Mentoring hours per mentee school against the programme's range: who is falling behind. */
export function SchoolHoursPanel({ period }: { period: Period }) {
  const { t, i18n } = useTranslation();
  const r = useQuery(analyticsQueries.schoolHours(period));
  const d = r.data;
  const num = (x: number) => x.toLocaleString(i18n.language, { maximumFractionDigits: 1 });
  const csv = () =>
    [
      'programme_id,programme,school_id,school,hours,min_hours,max_hours,against_target',
      ...(d?.schools ?? []).map((x) =>
        [x.programme_id, csvField(x.programme_name), x.school_id, csvField(x.school_name), x.hours.hours, x.min_hours, x.max_hours, x.hours.against_target ?? ''].join(','),
      ),
    ].join('\n') + '\n';
  return (
    <article className="card indicator wide" aria-labelledby="school-hours-title">
      <h2 id="school-hours-title">{t('analytics.schoolHours.title')}</h2>
      <p className="hint">{t('analytics.schoolHours.intro')}</p>
      <QueryState isLoading={r.isLoading} error={r.error} retry={() => void r.refetch()}>
        {d && d.schools.length === 0 && <p className="empty">{t('analytics.schoolHours.empty')}</p>}
        {d && d.schools.length > 0 && (
          <>
            <p>
              {t('analytics.schoolHours.summary', { below: d.below, within: d.within, above: d.above })}
            </p>
            <Table caption={t('analytics.schoolHours.table')}>
              <thead>
                <tr>
                  <th scope="col">{t('analytics.schoolHours.school')}</th>
                  <th scope="col">{t('analytics.schoolHours.programme')}</th>
                  <th scope="col">{t('analytics.schoolHours.hours')}</th>
                </tr>
              </thead>
              <tbody>
                {d.schools.map((x) => (
                  <tr key={`${x.programme_id}-${x.school_id}`}>
                    <th scope="row">{x.school_name}</th>
                    <td>{x.programme_name}</td>
                    <td>
                      <div className="hours">
                        <RangeBar row={x} />
                        <span>
                          {t('analytics.schoolHours.ofRange', { hours: num(x.hours.hours), min: x.min_hours, max: x.max_hours })}
                          {x.hours.against_target && (
                            <strong className={`against ${x.hours.against_target}`}> · {t(`mentoring.against.${x.hours.against_target}`)}</strong>
                          )}
                        </span>
                      </div>
                    </td>
                  </tr>
                ))}
              </tbody>
            </Table>
            <Downloads name="school-hours" csv={csv} data={d} />
          </>
        )}
      </QueryState>
    </article>
  );
}
