import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { Schemas } from '../../lib/api/client';
import { keys } from '../../lib/queryKeys';
import { campaignApi, campaignQueries } from './queries';
import { Chart, type ChartOption } from '../../lib/Chart';
import { ErrorNotice, PageHeader, QueryState, Table } from '../../lib/ui';
import { heat } from '../../lib/heat';
import { useDates } from '../../lib/dates';

type Report = Schemas['CampaignReportDto'];


export function CampaignReportPage() {
  const { id = '' } = useParams();
  const { i18n } = useTranslation();
  const lang = i18n.resolvedLanguage;
  const report = useQuery(campaignQueries.report(id, lang));
  const campaign = useQuery(campaignQueries.one(id));
  return (
    <QueryState isLoading={report.isLoading} error={report.error} retry={() => void report.refetch()}>
      {report.data && (
        <ReportView r={report.data} manages={(campaign.data?.codes.length ?? 0) > 0} closesOn={campaign.data?.closes_on} />
      )}
    </QueryState>
  );
}

function ReportView({ r, manages, closesOn }: { r: Report; manages: boolean; closesOn?: string }) {
  const { t, i18n } = useTranslation();
  const dates = useDates();
  const qc = useQueryClient();
  const visible = r.groups.filter((g) => g.visible).map((g) => g.group);
  const byKey = new Map(r.items.map((i) => [i.key, i]));
  const groupName = (g: string) => t(`campaigns.group.${g}`);
  const focus = useMutation({
    mutationFn: (focus_items: string[]) => campaignApi.update(r.campaign_id, { focus_items }),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: keys.campaigns.report(r.campaign_id) });
      void qc.invalidateQueries({ queryKey: keys.campaigns.one(r.campaign_id) });
    },
  });
  const toggleFocus = (key: string, on: boolean) =>
    focus.mutate(on ? [...r.focus_items.filter((k) => k !== key), key] : r.focus_items.filter((k) => k !== key));
  const download = async () => {
    const csv = await campaignApi.reportCsv(r.campaign_id, i18n.resolvedLanguage);
    if (csv === null) return;
    const url = URL.createObjectURL(new Blob([csv], { type: 'text/csv' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = `readiness-${r.campaign_id}.csv`;
    a.click();
    URL.revokeObjectURL(url);
  };
  const option = useMemo<ChartOption>(
    () => ({
      grid: { left: 8, right: 24, top: 30, bottom: 20, containLabel: true },
      legend: { top: 0 },
      xAxis: { type: 'value', min: 1, max: 5, interval: 1 },
      yAxis: { type: 'category', data: r.areas.map((a) => a.title), inverse: true, axisLabel: { width: 150, overflow: 'truncate' } },
      series: visible.map((g, i) => ({
        name: groupName(g),
        type: 'bar',
        data: r.areas.map((a) => a.groups[g] ?? null),
        itemStyle: { color: ['#0b5cad', '#2a9d8f', '#e76f51'][i % 3] },
      })),
    }),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [r, t],
  );
  return (
    <section className="report">
      <PageHeader title={`${r.name} · ${r.school_name}`}>
        <button type="button" className="secondary no-print" onClick={() => void download()}>
          {t('campaigns.downloadCsv')}
        </button>
        <button type="button" className="secondary no-print" onClick={() => window.print()}>
          {t('report.print')}
        </button>
        <Link className="no-print" to={`/campaigns/${r.campaign_id}`}>
          {t('campaigns.backToCampaign')}
        </Link>
      </PageHeader>
      <div className="card">
        <h2>{t('campaigns.respondents')}</h2>
        <ul className="plain-list">
          {r.groups.map((g) => (
            <li key={g.group}>
              <strong>{groupName(g.group)}</strong>: {t('campaigns.responsesCount', { count: g.responses })}
              {g.identified && <span className="hint"> · {t('campaigns.identifiedNote')}</span>}
              {!g.visible && g.hidden_code !== 'not_closed' && (
                <span className="notice-inline">
                  {' · '}
                  {g.hidden_code === 'too_few' ? t('campaigns.hidden', { k: r.threshold }) : t('campaigns.noResponses')}
                </span>
              )}
            </li>
          ))}
        </ul>
        <p className="hint">{t('campaigns.unscored', { percent: r.unscored_percent })}</p>
      </div>
      {!r.results_shown ? (
        <div className="notice" role="status">
          <p>
            {t('campaigns.resultsAfterClose', {
              date: closesOn ? dates.longDay(closesOn) : '…',
            })}
          </p>
          {manages && (
            <p>
              <Link to={`/campaigns/${r.campaign_id}`}>{t('campaigns.closeForResults')}</Link>
            </p>
          )}
        </div>
      ) : visible.length === 0 ? (
        <p className="state empty">{t('campaigns.nothingVisible')}</p>
      ) : (
        <>
          <h2>{t('report.areas')}</h2>
          <Chart option={option} height={80 + r.areas.length * Math.max(36, 22 * visible.length)} />
          <Table caption={t('campaigns.areasCaption')}>
            <thead>
              <tr>
                <th scope="col">{t('report.area')}</th>
                {visible.map((g) => (
                  <th scope="col" key={g}>
                    {groupName(g)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {r.areas.map((a) => (
                <tr key={a.key}>
                  <th scope="row">{a.title}</th>
                  {visible.map((g) => (
                    <td key={g}>{a.groups[g]?.toFixed(2) ?? '–'}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </Table>
          <div className="two-col">
            <div className="card">
              <h2>{t('campaigns.strongest')}</h2>
              <ol>
                {r.strongest.map((k) => (
                  <li key={k}>
                    {byKey.get(k)?.statement} ({byKey.get(k)?.overall?.toFixed(2)})
                  </li>
                ))}
              </ol>
            </div>
            <div className="card">
              <h2>{t('campaigns.weakest')}</h2>
              <ol>
                {r.weakest.map((k) => (
                  <li key={k}>
                    {byKey.get(k)?.statement} ({byKey.get(k)?.overall?.toFixed(2)})
                  </li>
                ))}
              </ol>
            </div>
          </div>
          <h2>{t('campaigns.heatmap')}</h2>
          <p className="hint">{t('campaigns.heatmapHint')}</p>
          {visible.length > 1 && <p className="hint phone-only">{t('campaigns.swipeHint')}</p>}
          {r.areas
            .filter((a) => r.items.some((i) => i.area === a.key && i.groups.length > 0))
            .map((a) => (
            <Table key={a.key} caption={a.title} showCaption className="heatmap">
              <thead>
                <tr>
                  {manages && <th scope="col">{t('campaigns.focus')}</th>}
                  <th scope="col">{t('campaigns.statement')}</th>
                  {visible.map((g) => (
                    <th scope="col" key={g}>
                      {groupName(g)}
                    </th>
                  ))}
                  {r.previous_campaign && <th scope="col">{t('campaigns.previous')}</th>}
                </tr>
              </thead>
              <tbody>
                {r.items
                  .filter((i) => i.area === a.key && i.groups.length > 0)
                  .map((i) => (
                    <tr key={i.key}>
                      {/* The focus tick comes first: on a phone it is on screen without scrolling. */}
                      {manages && (
                        <td className="focus-cell">
                          <input
                            type="checkbox"
                            aria-label={t('campaigns.focusItem', { item: i.statement })}
                            checked={r.focus_items.includes(i.key)}
                            disabled={focus.isPending}
                            onChange={(e) => toggleFocus(i.key, e.target.checked)}
                          />
                        </td>
                      )}
                      <th scope="row">
                        {i.statement}
                        {i.groups_differ && <span className="flag"> ⚑ {t('campaigns.differ')}</span>}
                      </th>
                      {visible.map((g) => {
                        const s = i.groups.find((x) => x.group === g);
                        return (
                          <td key={g} style={{ background: heat(s?.mean) }}>
                            {s?.mean !== undefined && s?.mean !== null ? s.mean.toFixed(2) : '–'}
                            {s && s.unscored_percent > 0 && <span className="hint"> ({t('campaigns.na', { percent: Math.round(s.unscored_percent) })})</span>}
                          </td>
                        );
                      })}
                      {r.previous_campaign && <td>{i.previous?.toFixed(2) ?? '–'}</td>}
                    </tr>
                  ))}
              </tbody>
            </Table>
          ))}
          <ErrorNotice error={focus.error} />
        </>
      )}
    </section>
  );
}
