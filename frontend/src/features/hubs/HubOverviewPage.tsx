import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { PageHeader, QueryState, Table } from '../../lib/ui';
import { heat } from '../../lib/heat';
import { shortName } from '../reflection/names';
import { useDates } from '../../lib/dates';
import { hubQueries } from './queries';


/** Readiness across the hub's schools and competence across its teacher groups. */
export function HubOverviewPage() {
  const { id = '' } = useParams();
  const { t, i18n } = useTranslation();
  const o = useQuery(hubQueries.overview(id, i18n.resolvedLanguage));
  const dates = useDates();
  return (
    <QueryState isLoading={o.isLoading} error={o.error} retry={() => void o.refetch()}>
      {o.data && (
        <section>
          <PageHeader title={t('overview.title')}>
            <Link to={`/hubs/${id}`}>{t('overview.back')}</Link>
          </PageHeader>
          <h2>{t('overview.readiness')}</h2>
          <p className="hint">{t('overview.readinessHint', { k: o.data.threshold })}</p>
          <Table caption={t('overview.readiness')} className="heatmap">
            <thead>
              <tr>
                <th scope="col">{t('overview.school')}</th>
                {o.data.areas.map((a) => (
                  <th scope="col" key={a.key}>
                    {a.title}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {o.data.schools.map((s) => (
                <tr key={s.school_id}>
                  <th scope="row">
                    <Link to={`/schools/${s.school_id}`}>{s.school_name}</Link>
                    <br />
                    <span className="hint">
                      {s.campaign_id ? (
                        <Link to={`/campaigns/${s.campaign_id}/report`}>
                          {s.campaign_name}
                          {s.closes_on ? ` · ${dates.day(s.closes_on)}` : ''}
                        </Link>
                      ) : (
                        t('overview.noCampaign')
                      )}
                    </span>
                  </th>
                  {o.data.areas.map((a) => (
                    <td key={a.key} style={{ background: heat(s.areas[a.key]) }}>
                      {s.areas[a.key]?.toFixed(2) ?? '–'}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </Table>
          <h2>{t('overview.competence')}</h2>
          {o.data.competence.hidden_reason ? (
            <p className="state empty">{t('overview.competenceHidden', { k: o.data.threshold })}</p>
          ) : (
            <>
              <p className="hint">{t('overview.competenceHint', { count: o.data.competence.contributions, groups: o.data.competence.groups })}</p>
              <Table caption={t('overview.competence')}>
                <thead>
                  <tr>
                    <th scope="col">{t('report.competences')}</th>
                    {o.data.competence.levels.map((l) => (
                      <th scope="col" key={l.value}>
                        {l.value.toUpperCase()}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {o.data.competence.competences.map((c) => (
                    <tr key={c.key}>
                      <th scope="row">{shortName(c.statement)}</th>
                      {o.data.competence.levels.map((l) => (
                        <td key={l.value}>{c.distribution[l.value] ?? 0}</td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </Table>
            </>
          )}
        </section>
      )}
    </QueryState>
  );
}
