import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { campaignQueries } from '../campaigns/queries';
import { mentoringQueries } from '../mentoring/queries';
import { useAbilities, useSession } from '../../lib/auth';
import { useDate } from '../mentoring/hooks';
import { useMentoringLabels } from '../mentoring/labels';

/** The start page: what the person's roles have to do now, then everything else. */
export function HomePage() {
  const { t } = useTranslation();
  const { user } = useSession();
  const can = useAbilities();
  const grants = user?.grants ?? [];
  const led = grants.filter((g) => g.role === 'school_leader' && g.school_id);
  const coordinated = grants.filter((g) => g.role === 'hub_coordinator' && g.hub_id);
  return (
    <section>
      <h1>{t('home.welcome', { name: user?.name ?? '' })}</h1>
      <p>{t('home.intro')}</p>
      {led.map((g) => (
        <LedSchool key={g.id} schoolId={g.school_id ?? ''} name={g.school_name ?? ''} />
      ))}
      <MyMentoring />
      {coordinated.length > 0 && (
        <div className="card">
          <h2>{t('home.yourHubs')}</h2>
          <ul className="plain-list">
            {coordinated.map((g) => (
              <li key={g.id}>
                <strong>{g.hub_name}</strong> · <Link to={`/hubs/${g.hub_id}/overview`}>{t('home.hubOverview')}</Link> ·{' '}
                <Link to="/mentoring">{t('home.programmes')}</Link>
              </li>
            ))}
          </ul>
        </div>
      )}
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

/** A leader's school: its readiness campaigns and development plans. */
function LedSchool({ schoolId, name }: { schoolId: string; name: string }) {
  const { t } = useTranslation();
  const date = useDate();
  const campaigns = useQuery(campaignQueries.ofSchool(schoolId));
  const plans = useQuery(mentoringQueries.plansOfSchool(schoolId));
  const recent = (campaigns.data ?? []).slice(0, 3);
  return (
    <div className="card">
      <h2>{t('home.yourSchool', { name })}</h2>
      <h3>{t('campaigns.title')}</h3>
      {recent.length === 0 ? (
        <p className="hint">{t('home.noCampaign')}</p>
      ) : (
        <ul className="plain-list">
          {recent.map((c) => (
            <li key={c.id}>
              <Link to={c.status === 'closed' ? `/campaigns/${c.id}/report` : `/campaigns/${c.id}`}>{c.name}</Link> ·{' '}
              {t(`campaigns.status.${c.status}`)} · {date(c.opens_on)} – {date(c.closes_on)}
              {c.status !== 'closed' && (
                <span className="hint">
                  {' · '}
                  {t('home.answered', { count: c.participation.reduce((n, p) => n + p.responses, 0) })}
                </span>
              )}
            </li>
          ))}
        </ul>
      )}
      <h3>{t('plans.title')}</h3>
      {(plans.data ?? []).length === 0 ? (
        <p className="hint">{t('plans.none')}</p>
      ) : (
        <ul className="plain-list">
          {plans.data?.map((p) => (
            <li key={p.id}>
              <Link to={`/plans/${p.id}`}>{p.title}</Link> ·{' '}
              <span className="hint">{t('plans.summary', { goals: p.goals, done: p.actions_done, actions: p.actions })}</span>
            </li>
          ))}
        </ul>
      )}
      <p>
        <Link to={`/schools/${schoolId}`}>{t('home.toSchool', { name })}</Link>
      </p>
    </div>
  );
}

/** Relationships one takes part in, and what is coming up in them. */
function MyMentoring() {
  const { t } = useTranslation();
  const date = useDate();
  const L = useMentoringLabels();
  // All of one's own (a few): the upcoming activities are named by their relationship.
  const mine = useQuery(mentoringQueries.allMyRelationships());
  const upcoming = useQuery(mentoringQueries.upcomingActivities());
  const rels = (mine.data ?? []).filter((r) => ['proposed', 'active', 'paused'].includes(r.status));
  if (rels.length === 0 && (upcoming.data ?? []).length === 0) return null;
  const titleOf = (id?: string | null) => (mine.data ?? []).find((r) => r.id === id)?.title ?? '';
  return (
    <div className="card">
      <h2>{t('home.yourMentoring')}</h2>
      <h3>{t('home.comingUp')}</h3>
      {(upcoming.data ?? []).length === 0 ? (
        <p className="hint">{t('home.nothingPlanned')}</p>
      ) : (
        <ul className="plain-list">
          {upcoming.data?.map((a) => (
            <li key={a.id}>
              <strong>
                {date(a.date)}
                {a.start_time && ` ${a.start_time}`}
              </strong>{' '}
              · <Link to={`/mentoring/relationships/${a.relationship_id}`}>{titleOf(a.relationship_id)}</Link> · {L.activityKind(a.kind)}
              {a.place && <span className="hint"> · {a.place}</span>}
            </li>
          ))}
        </ul>
      )}
      <h3>{t('mentoring.mine')}</h3>
      <ul className="plain-list">
        {rels.slice(0, 6).map((r) => (
          <li key={r.id}>
            <Link to={`/mentoring/relationships/${r.id}`}>{r.title}</Link> ·{' '}
            <span className={`status status-${r.status}`}>{L.status(r.status)}</span> · {L.hours(r.hours.hours)}
          </li>
        ))}
      </ul>
      <p>
        <Link to="/mentoring">{t('home.allMentoring')}</Link>
      </p>
    </div>
  );
}
