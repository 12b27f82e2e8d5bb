import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, NavLink, Outlet, useLocation, useNavigate } from 'react-router';
import { useAbilities, useSession } from '../lib/auth';
import { LanguageSwitcher } from './LanguageSwitcher';

export function RequireSession({ children }: { children: ReactNode }) {
  const { user, ready } = useSession();
  const { t } = useTranslation();
  const location = useLocation();
  if (!ready)
    return (
      <p className="state" role="status">
        {t('common.loading')}
      </p>
    );
  if (!user) return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />;
  return <>{children}</>;
}

export function Layout() {
  const { t } = useTranslation();
  const { user, signOut } = useSession();
  const can = useAbilities();
  const navigate = useNavigate();
  const links: [string, string, boolean][] = [
    ['/', t('nav.home'), true],
    ['/reflections', t('nav.reflection'), true],
    ['/groups', t('nav.groups'), true],
    ['/hubs', t('nav.hubs'), true],
    ['/schools', t('nav.schools'), true],
    ['/people', t('nav.people'), can.canManagePeople],
    ['/audit', t('nav.audit'), can.canReadAudit],
    ['/instruments', t('nav.instruments'), can.isAdmin || can.coordinatedHubs.length > 0],
    ['/profile', t('nav.profile'), true],
  ];
  return (
    <>
      <a className="skip-link" href="#main">
        {t('nav.skip')}
      </a>
      <header className="topbar">
        <NavLink to="/" className="brand" aria-label={t('app.name')}>
          <img src="/favicon.svg" alt="" width={28} height={28} />
          <span>{t('app.name')}</span>
        </NavLink>
        <nav aria-label={t('nav.main')}>
          <ul>
            {links
              .filter(([, , show]) => show)
              .map(([to, label]) => (
                <li key={to}>
                  <NavLink to={to} end={to === '/'}>
                    {label}
                  </NavLink>
                </li>
              ))}
          </ul>
        </nav>
        <div className="session">
          <LanguageSwitcher />
          <span className="who" title={user?.email}>
            {user?.name}
          </span>
          <button
            type="button"
            className="link-button"
            onClick={() => void signOut().then(() => navigate('/login', { replace: true }))}
          >
            {t('nav.signOut')}
          </button>
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        <Outlet />
      </main>
    </>
  );
}
