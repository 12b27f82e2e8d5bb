import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { Chart, type ChartOption } from '../../lib/Chart';
import { useAbilities } from '../../lib/auth';
import { keys } from '../../lib/queryKeys';
import { oneOf } from '../../lib/enums';
import { ErrorNotice, PageHeader, QueryState, Table } from '../../lib/ui';
import { analyticsApi, analyticsQueries, type Period, type ScopeKind } from './queries';
import type { Schemas } from '../../lib/api/client';
import { schoolKindValues } from '../../lib/api/schema';
import { Downloads } from './Downloads';
import { csvField } from './download';
import { CohortPanel, GrowthPanel } from './GrowthPanels';
import { ReadinessPanel } from './ReadinessPanel';
import { SchoolHoursPanel } from './SchoolHoursPanel';
import { ComparisonPanel } from './ComparisonPanel';
import { ActivitiesPanel } from './ActivitiesPanel';
import { ResponseRatesPanel } from './ResponseRatesPanel';
import { RelationshipsPanel } from './RelationshipsPanel';
import { PlanGoalsPanel } from './PlanGoalsPanel';

const SCOPES: ScopeKind[] = ['platform', 'hub', 'programme', 'school'];
const BUCKETS = ['month', 'quarter'] as const;

/** `YYYY-MM` of a date, and the month `n` months before a `YYYY-MM`. */
const monthOf = (d: Date) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}`;
function monthsBefore(m: string, n: number) {
  const [y, mo] = m.split('-').map(Number);
  return monthOf(new Date(y ?? 2026, (mo ?? 1) - 1 - n, 1));
}

/** The indicators of a scope over a period: each with its total, target and series. */
export function DashboardPage() {
  const { scope: rawScope = 'platform', id } = useParams();
  const scope = oneOf(SCOPES, rawScope);
  const { t, i18n } = useTranslation();
  const catalogue = useQuery(analyticsQueries.catalogue(i18n.resolvedLanguage));
  const [to, setTo] = useState(() => monthOf(new Date()));
  const [from, setFrom] = useState(() => monthsBefore(monthOf(new Date()), 11));
  const [bucket, setBucket] = useState<(typeof BUCKETS)[number]>('month');
  const [schoolKind, setSchoolKind] = useState<Schemas['SchoolKind'] | ''>('');
  const [language, setLanguage] = useState('');
  const [country, setCountry] = useState('');
  const filtered = scope !== 'school';
  const period: Period = {
    scope,
    scopeId: id,
    from,
    to,
    bucket,
    lang: i18n.resolvedLanguage,
    ...(filtered && {
      schoolKind: schoolKind || undefined,
      language: /^[a-z]{2,3}$/.test(language) ? language : undefined,
      country: /^[A-Z]{2}$/.test(country) ? country : undefined,
    }),
  };
  const shown = (catalogue.data ?? []).filter((i) => i.scopes.includes(scope));
  // One request for the whole dashboard; the cards and panels read their parts from the cache.
  const qc = useQueryClient();
  const dashboard = useQuery({ ...analyticsQueries.dashboard(period, catalogue.data ?? [], qc), enabled: catalogue.data !== undefined });
  return (
    <section>
      <PageHeader title={`${t('analytics.title')} · ${t(`analytics.scopes.${scope}`)}`}>
        <Link to="/analytics">{t('analytics.back')}</Link>
      </PageHeader>
      <p className="hint">{t('analytics.intro')}</p>
      <form className="filters" onSubmit={(e) => e.preventDefault()} aria-label={t('analytics.period')}>
        <label>
          {t('analytics.from')}{' '}
          <input type="month" value={from} max={to} onChange={(e) => e.target.value && setFrom(e.target.value)} />
        </label>
        <label>
          {t('analytics.to')}{' '}
          <input type="month" value={to} min={from} onChange={(e) => e.target.value && setTo(e.target.value)} />
        </label>
        <label>
          {t('analytics.bucket')}{' '}
          <select value={bucket} onChange={(e) => setBucket(oneOf(BUCKETS, e.target.value))}>
            {BUCKETS.map((b) => (
              <option key={b} value={b}>
                {t(`analytics.buckets.${b}`)}
              </option>
            ))}
          </select>
        </label>
        {filtered && (
          <>
            <label>
              {t('analytics.filters.schoolKind')}{' '}
              <select value={schoolKind} onChange={(e) => setSchoolKind(e.target.value === '' ? '' : oneOf(schoolKindValues, e.target.value))}>
                <option value="">{t('analytics.filters.all')}</option>
                {schoolKindValues.map((k) => (
                  <option key={k} value={k}>
                    {t(`schoolKinds.${k}`)}
                  </option>
                ))}
              </select>
            </label>
            <label>
              {t('analytics.filters.language')}{' '}
              <input
                size={4}
                maxLength={3}
                placeholder="ru"
                value={language}
                onChange={(e) => setLanguage(e.target.value.trim().toLowerCase())}
              />
            </label>
            <label>
              {t('analytics.filters.country')}{' '}
              <input
                size={4}
                maxLength={2}
                placeholder="EE"
                value={country}
                onChange={(e) => setCountry(e.target.value.trim().toUpperCase())}
              />
            </label>
          </>
        )}
      </form>
      <QueryState
        isLoading={catalogue.isLoading || dashboard.isLoading}
        error={catalogue.error ?? dashboard.error}
        retry={() => void (catalogue.error ? catalogue.refetch() : dashboard.refetch())}
        isEmpty={shown.length === 0}
        emptyText={t('analytics.empty')}
      >
        <div className="indicators">
          {shown.map((i) => (
            <IndicatorCard key={i.key} info={i} period={period} />
          ))}
          <ComparisonPanel period={period} catalogue={catalogue.data ?? []} />
          <SchoolHoursPanel period={period} />
          <ActivitiesPanel period={period} />
          <RelationshipsPanel period={period} />
          <GrowthPanel period={period} />
          <CohortPanel period={period} />
          <ReadinessPanel period={period} />
          <ResponseRatesPanel period={period} />
          <PlanGoalsPanel period={period} />
        </div>
      </QueryState>
    </section>
  );
}

function IndicatorCard({ info, period }: { info: Schemas['IndicatorInfoDto']; period: Period }) {
  const { t } = useTranslation();
  const r = useQuery(analyticsQueries.indicator(info.key, period, info.school_filters));
  const can = useAbilities();
  const headingId = `ind-${info.key}`;
  const d = r.data;
  const canSetTarget =
    d !== undefined &&
    ((d.scope === 'platform' && can.isAdmin) || (d.scope === 'hub' && d.scope_id != null && can.canEditHub(d.scope_id)));
  const cellText = (c: { value?: number | null; suppressed?: string | null }) =>
    c.suppressed
      ? t(`analytics.suppressed.${c.suppressed}`, { k: d?.threshold ?? 5 })
      : c.value == null
        ? t('analytics.noValue')
        : c.value.toLocaleString();
  const option = useMemo<ChartOption | undefined>(
    () =>
      d && {
        grid: { left: 48, right: 16, top: 16, bottom: 32 },
        tooltip: { trigger: 'axis' },
        xAxis: { type: 'category', data: d.series.map((p) => p.label) },
        yAxis: { type: 'value', minInterval: 1 },
        series: [{ type: 'bar', name: d.title, data: d.series.map((p) => p.value ?? null), itemStyle: { color: '#1d4f91' } }],
      },
    [d],
  );
  const rows = d ? [...d.series.map((p) => ({ label: p.label, from: p.from, to: p.to, cell: p })), { label: t('analytics.total'), from: d.from, to: d.to, cell: d.total }] : [];
  const csv = () =>
    ['period,from,to,value,suppressed', ...rows.map((x) => [csvField(x.label), x.from, x.to, x.cell.value ?? '', x.cell.suppressed ?? ''].join(','))].join('\n') + '\n';
  return (
    <article className="card indicator" aria-labelledby={headingId}>
      <h2 id={headingId}>{info.title}</h2>
      <p className="hint">{info.description}</p>
      {!info.school_filters && (period.schoolKind || period.language || period.country) && (
        <p className="hint">{t('analytics.filters.notApplied')}</p>
      )}
      <QueryState isLoading={r.isLoading} error={r.error} retry={() => void r.refetch()}>
        {d && option && (
          <>
            <p className="kpi">
              <strong>{cellText(d.total)}</strong> {d.total.value != null && t(`analytics.units.${d.unit}`)}
            </p>
            <p>
              {d.target != null ? t('analytics.target', { value: d.target.toLocaleString() }) : t('analytics.noTarget')}
              {d.status && <span className={`badge ${d.status}`}>{t(`analytics.status.${d.status}`)}</span>}
              {d.trend && <span className="hint"> · {t(`analytics.trend.${d.trend}`)}</span>}
            </p>
            {d.perturbed && <p className="hint">{t('analytics.anonymity', { k: d.threshold })}</p>}
            <Chart option={option} height={220} />
            <Table caption={t('analytics.table', { title: d.title })}>
              <thead>
                <tr>
                  <th scope="col">{t('analytics.periodColumn')}</th>
                  <th scope="col">{t('analytics.value')}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((x) => (
                  <tr key={x.label}>
                    <th scope="row">{x.label}</th>
                    <td>{cellText(x.cell)}</td>
                  </tr>
                ))}
              </tbody>
            </Table>
            <Downloads name={d.key} csv={csv} data={d} />
            {canSetTarget && <TargetForm indicator={d.key} scope={d.scope} scopeId={d.scope_id ?? undefined} current={d.target ?? undefined} />}
          </>
        )}
      </QueryState>
    </article>
  );
}

function TargetForm({ indicator, scope, scopeId, current }: { indicator: string; scope: ScopeKind; scopeId?: string; current?: number }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [value, setValue] = useState(current !== undefined ? String(current) : '');
  const save = useMutation({
    mutationFn: () => analyticsApi.setTarget(indicator, scope, scopeId, Number(value)),
    // Only this indicator changes: its card asks again; dashboards are marked stale and ask
    // again when next shown (asking now would recompute every part for one target).
    onSuccess: async () => {
      await qc.invalidateQueries({ queryKey: keys.analytics.dashboards, refetchType: 'none' });
      await qc.invalidateQueries({ queryKey: keys.analytics.indicatorAll(indicator) });
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };
  return (
    <form className="filters" onSubmit={submit}>
      <label>
        {t('analytics.setTarget')}{' '}
        <input type="number" min={0} step="any" required value={value} onChange={(e) => setValue(e.target.value)} />
      </label>
      <button type="submit" disabled={save.isPending}>
        {t('common.save')}
      </button>
      <ErrorNotice error={save.error} />
    </form>
  );
}
