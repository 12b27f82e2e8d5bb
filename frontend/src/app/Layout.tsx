import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, NavLink, Outlet, useLocation, useNavigate } from 'react-router';
import { useAbilities, useSession } from '../lib/auth';
import { LanguageSwitcher } from '../lib/LanguageSwitcher';
import { useNotifications } from '../features/notifications/NotificationsPage';

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
  const notifications = useNotifications();
  const unread = notifications.data?.unread ?? 0;
  // On a phone the navigation folds into a menu; it closes again on every page change.
  const [menu, setMenu] = useState(false);
  const location = useLocation();
  useEffect(() => setMenu(false), [location.pathname]);
  const links: [string, string, boolean][] = [
    ['/', t('nav.home'), true],
    ['/reflections', t('nav.reflection'), true],
    ['/groups', t('nav.groups'), true],
    ['/mentoring', t('nav.mentoring'), true],
    ['/hubs', t('nav.hubs'), true],
    ['/schools', t('nav.schools'), true],
    ['/people', t('nav.people'), can.canManagePeople],
    ['/audit', t('nav.audit'), can.canReadAudit],
    ['/instruments', t('nav.instruments'), can.isAdmin || can.coordinatedHubs.length > 0],
    ['/analytics', t('nav.analytics'), can.isAdmin || can.coordinatedHubs.length > 0 || can.ledSchools.length > 0 || can.researchedHubs.length > 0],
    ['/research', t('nav.research'), can.canSeeResearch],
    ['/profile', t('nav.profile'), true],
  ];
  return (
    <>
      <a className="skip-link" href="#main">
        {t('nav.skip')}
      </a>
      <header className={`topbar${menu ? ' open' : ''}`}>
        <NavLink to="/" className="brand" aria-label={t('app.name')}>
          <img src="/favicon.svg" alt="" width={28} height={28} />
          <span>{t('app.name')}</span>
        </NavLink>
        <div className="bar-end">
          <NavLink to="/notifications" className="bell" aria-label={t('nav.notifications', { count: unread })}>
            <svg aria-hidden="true" width="22" height="22" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round">
              <path d="M6 8a6 6 0 0 1 12 0c0 7 3 9 3 9H3s3-2 3-9" />
              <path d="M10.3 21a1.94 1.94 0 0 0 3.4 0" />
            </svg>
            {unread > 0 && (
              <span className="badge" aria-hidden="true">
                {unread}
              </span>
            )}
          </NavLink>
          <button type="button" className="menu-button secondary" aria-expanded={menu} aria-controls="main-menu" onClick={() => setMenu((m) => !m)}>
            {t('nav.menu')}
          </button>
        </div>
        <div className="menu-panel" id="main-menu">
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
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        <Outlet />
      </main>
    </>
  );
}
