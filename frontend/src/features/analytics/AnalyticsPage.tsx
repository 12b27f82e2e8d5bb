import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useSession } from '../../lib/auth';
import { PageHeader } from '../../lib/ui';

/** Where the caller can read indicators: the platform (admins), their hubs, their schools. */
export function AnalyticsPage() {
  const { t } = useTranslation();
  const { user } = useSession();
  const grants = user?.grants ?? [];
  const links: [string, string][] = [];
  if (grants.some((g) => g.role === 'admin')) links.push(['/analytics/platform', t('analytics.scopes.platform')]);
  for (const g of grants) {
    if ((g.role === 'hub_coordinator' || g.role === 'researcher') && g.hub_id && !links.some(([to]) => to === `/analytics/hub/${g.hub_id}`))
      links.push([`/analytics/hub/${g.hub_id}`, `${t('analytics.scopes.hub')}: ${g.hub_name ?? ''}`]);
    if (g.role === 'school_leader' && g.school_id)
      links.push([`/analytics/school/${g.school_id}`, `${t('analytics.scopes.school')}: ${g.school_name ?? ''}`]);
  }
  return (
    <section>
      <PageHeader title={t('analytics.title')} />
      <p className="hint">{t('analytics.intro')}</p>
      {links.length === 0 ? (
        <p className="state empty">{t('analytics.empty')}</p>
      ) : (
        <ul className="link-list">
          {links.map(([to, label]) => (
            <li key={to}>
              <Link to={to}>{label}</Link>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
