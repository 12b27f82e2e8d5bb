import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { keys } from '../../lib/queryKeys';
import { peopleApi, peopleQueries } from './queries';
import { useAbilities, useSession } from '../../lib/auth';
import { ErrorNotice, PageHeader, QueryState, useFieldErrors } from '../../lib/ui';
import { RoleFields, scopeBody, useAssignableRoles, type Role } from './ScopeFields';

export function PersonPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const qc = useQueryClient();
  const can = useAbilities();
  const { user } = useSession();
  const person = useQuery(peopleQueries.one(id));
  const refresh = () => void qc.invalidateQueries({ queryKey: keys.people.all });
  const revoke = useMutation({
    mutationFn: (grantId: string) => peopleApi.revoke(id, grantId),
    onSuccess: refresh,
  });
  const setActive = useMutation({
    mutationFn: (active: boolean) => peopleApi.setActive(id, active),
    onSuccess: refresh,
  });
  const reset = useMutation({
    mutationFn: () => peopleApi.passwordResetLink(id),
  });
  const p = person.data;
  const self = user?.id === id;
  return (
    <QueryState isLoading={person.isLoading} error={person.error}>
      {p && (
        <section>
          <p>
            <Link to="/people">← {t('people.title')}</Link>
          </p>
          <PageHeader title={p.name}>
            {!self &&
              (p.active ? (
                <button type="button" className="danger" onClick={() => window.confirm(t('people.deactivateConfirm', { name: p.name })) && setActive.mutate(false)}>
                  {t('people.deactivate')}
                </button>
              ) : (
                <button type="button" className="secondary" onClick={() => setActive.mutate(true)}>
                  {t('people.reactivate')}
                </button>
              ))}
            {can.isAdmin && !self && (
              <button type="button" className="secondary" onClick={() => reset.mutate()}>
                {t('people.resetLink')}
              </button>
            )}
          </PageHeader>
          <ErrorNotice error={setActive.error ?? reset.error} />
          {reset.data && (
            <div className="notice ok" role="status">
              <p>{t('people.resetLinkHelp')}</p>
              <p className="copy-box">{reset.data.url}</p>
            </div>
          )}
          <div className="card">
            <dl className="facts">
              <dt>{t('auth.email')}</dt>
              <dd>{p.email}</dd>
              <dt>{t('people.status')}</dt>
              <dd>{p.active ? t('people.active') : t('people.inactive')}</dd>
              <dt>{t('profile.language')}</dt>
              <dd>{p.locale}</dd>
            </dl>
          </div>
          <h2>{t('people.roles')}</h2>
          {p.grants.length === 0 ? (
            <p className="state empty">{t('people.noRoles')}</p>
          ) : (
            <ul>
              {p.grants.map((g) => (
                <li key={g.id}>
                  {t(`roles.${g.role}`)}
                  {g.school_name ?? g.hub_name ? ` · ${g.school_name ?? g.hub_name}` : ''}{' '}
                  <button type="button" className="link-button" onClick={() => revoke.mutate(g.id)} aria-label={`${t('people.revoke')}: ${t(`roles.${g.role}`)}`}>
                    {t('people.revoke')}
                  </button>
                </li>
              ))}
            </ul>
          )}
          <ErrorNotice error={revoke.error} />
          {p.active && <GrantForm personId={id} />}
        </section>
      )}
    </QueryState>
  );
}

function GrantForm({ personId }: { personId: string }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const roles = useAssignableRoles();
  const [role, setRole] = useState<Role>(roles[0] ?? 'teacher');
  const [hubId, setHubId] = useState('');
  const [schoolId, setSchoolId] = useState('');
  const grant = useMutation({
    mutationFn: () => peopleApi.grant(personId, { role, ...scopeBody(role, hubId, schoolId) }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: keys.people.all }),
  });
  const f = useFieldErrors(grant.error);
  if (roles.length === 0) return null;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    grant.mutate();
  };
  return (
    <form className="filters" onSubmit={submit} aria-label={t('people.addRole')}>
      <RoleFields roles={roles} role={role} hubId={hubId} schoolId={schoolId} onRole={setRole} onHub={setHubId} onSchool={setSchoolId} errors={f} />
      <button type="submit" disabled={grant.isPending}>
        {t('people.addRole')}
      </button>
      {Object.keys(f).length === 0 && <ErrorNotice error={grant.error} />}
    </form>
  );
}
