import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useAbilities, useSession } from '../../lib/auth';

export function HomePage() {
  const { t } = useTranslation();
  const { user } = useSession();
  const can = useAbilities();
  const grants = user?.grants ?? [];
  return (
    <section>
      <h1>{t('home.welcome', { name: user?.name ?? '' })}</h1>
      <p>{t('home.intro')}</p>
      <div className="card">
        <h2>{t('home.reflectTitle')}</h2>
        <p>{t('home.reflectText')}</p>
        <Link className="button" to="/reflections">
          {t('home.reflectAction')}
        </Link>
      </div>
      <div className="card">
        <h2>{t('home.yourRoles')}</h2>
        {grants.length === 0 ? (
          <p>{t('home.noRoles')}</p>
        ) : (
          <ul>
            {grants.map((g) => (
              <li key={g.id}>
                <strong>{t(`roles.${g.role}`)}</strong>
                {g.school_id && g.school_name && (
                  <>
                    {' · '}
                    <Link to={`/schools/${g.school_id}`}>{g.school_name}</Link>
                  </>
                )}
                {!g.school_id && g.hub_id && g.hub_name && (
                  <>
                    {' · '}
                    <Link to={`/hubs/${g.hub_id}`}>{g.hub_name}</Link>
                  </>
                )}
              </li>
            ))}
          </ul>
        )}
      </div>
      <div className="row-actions">
        <Link className="button" to="/hubs">
          {t('nav.hubs')}
        </Link>
        <Link className="button" to="/schools">
          {t('nav.schools')}
        </Link>
        {can.canManagePeople && (
          <Link className="button" to="/people">
            {t('nav.people')}
          </Link>
        )}
      </div>
    </section>
  );
}
