import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { keys } from '../../lib/queryKeys';
import { peopleApi, peopleQueries } from './queries';
import { LoadMore, useDebounced, usePaged } from '../../lib/paged';
import { ErrorNotice, Field, PageHeader, QueryState, Table } from '../../lib/ui';
import { InviteForm } from './InviteForm';
import { HUB_ROLES, SCHOOL_ROLES, type Role } from './ScopeFields';
import { useDates } from '../../lib/dates';

export function PeoplePage() {
  const { t } = useTranslation();
  const dates = useDates();
  const qc = useQueryClient();
  const [q, setQ] = useState('');
  const [role, setRole] = useState('');
  const [inviting, setInviting] = useState(false);
  const query = useDebounced(q);
  const people = usePaged(peopleQueries.list({ q: query, role: role as Role | '' }));
  const invitations = usePaged(peopleQueries.invitations());
  const withdraw = useMutation({
    mutationFn: (id: string) => peopleApi.withdrawInvitation(id),
    onSuccess: () => void qc.invalidateQueries({ queryKey: keys.invitations.all }),
  });
  return (
    <section>
      <PageHeader title={t('people.title')}>
        <button type="button" onClick={() => setInviting((v) => !v)} aria-expanded={inviting}>
          {t('people.invite')}
        </button>
      </PageHeader>
      {inviting && <InviteForm />}
      <div className="filters" role="search">
        <Field label={t('common.search')}>
          {(p) => <input {...p} type="search" value={q} onChange={(e) => setQ(e.target.value)} />}
        </Field>
        <Field label={t('people.role')}>
          {(p) => (
            <select {...p} value={role} onChange={(e) => setRole(e.target.value)}>
              <option value="">{t('people.allRoles')}</option>
              {(['admin', ...HUB_ROLES, ...SCHOOL_ROLES] as Role[]).map((r) => (
                <option key={r} value={r}>
                  {t(`roles.${r}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      <QueryState isLoading={people.isLoading} error={people.error} isEmpty={people.items.length === 0} emptyText={t('people.empty')} retry={() => void people.refetch()}>
        <Table caption={t('people.title')}>
          <thead>
            <tr>
              <th scope="col">{t('people.name')}</th>
              <th scope="col" className="optional">
                {t('auth.email')}
              </th>
              <th scope="col">{t('people.roles')}</th>
              <th scope="col">{t('people.status')}</th>
            </tr>
          </thead>
          <tbody>
            {people.items.map((p) => (
              <tr key={p.id}>
                <td>
                  <Link to={`/people/${p.id}`}>{p.name}</Link>
                </td>
                <td className="optional">{p.email}</td>
                <td>
                  <ul className="chips">
                    {p.grants.map((g) => (
                      <li key={g.id} className="chip">
                        {t(`roles.${g.role}`)}
                        {g.school_name ?? g.hub_name ? ` · ${g.school_name ?? g.hub_name}` : ''}
                      </li>
                    ))}
                  </ul>
                </td>
                <td>{p.active ? t('people.active') : t('people.inactive')}</td>
              </tr>
            ))}
          </tbody>
        </Table>
        <LoadMore paged={people} />
      </QueryState>
      <h2>{t('people.pendingInvitations')}</h2>
      <QueryState isLoading={invitations.isLoading} error={invitations.error} isEmpty={invitations.items.length === 0} emptyText={t('people.noInvitations')}>
        <ul>
          {invitations.items.map((i) => (
            <li key={i.id}>
              {i.email} · {t(`roles.${i.role}`)} · {t('invitation.expires', { date: dates.dayOf(i.expires_at) })}{' '}
              <button type="button" className="link-button" onClick={() => withdraw.mutate(i.id)} aria-label={`${t('people.withdraw')}: ${i.email}`}>
                {t('people.withdraw')}
              </button>
            </li>
          ))}
        </ul>
        <LoadMore paged={invitations} />
      </QueryState>
      <ErrorNotice error={withdraw.error} />
    </section>
  );
}
