import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { keys } from '../../lib/queryKeys';
import { groupApi, groupQueries } from './queries';
import { useSession } from '../../lib/auth';
import { ErrorNotice, Field, PageHeader, QueryState, useFieldErrors } from '../../lib/ui';
import type { Schemas } from '../../lib/api/client';
import { groupKindValues } from '../../lib/api/schema';
import { oneOf } from '../../lib/enums';

/** Teacher groups the person runs, belongs to or is invited to. */
export function GroupsPage() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const { user } = useSession();
  const grants = user?.grants ?? [];
  const places = [
    ...grants.filter((g) => g.role === 'school_leader' && g.school_id).map((g) => ({ kind: 'school_staff' as Kind, school_id: g.school_id!, label: g.school_name ?? '' })),
    ...grants
      .filter((g) => (g.role === 'hub_coordinator' || g.role === 'mentor') && g.hub_id)
      .map((g) => ({ kind: 'course_cohort' as Kind, hub_id: g.hub_id!, label: g.hub_name ?? '' })),
  ];
  const [creating, setCreating] = useState(false);
  const groups = useQuery(groupQueries.mine());
  const respond = useMutation({
    mutationFn: (v: { id: string; accept: boolean }) => groupApi.respond(v.id, v.accept),
    onSuccess: () => void qc.invalidateQueries({ queryKey: keys.groups.all }),
  });
  return (
    <section>
      <PageHeader title={t('groups.title')}>
        {places.length > 0 && (
          <button type="button" onClick={() => setCreating((c) => !c)} aria-expanded={creating}>
            {t('groups.new')}
          </button>
        )}
      </PageHeader>
      <p>{t('groups.intro')}</p>
      {creating && <GroupForm places={places} onDone={() => setCreating(false)} />}
      <QueryState isLoading={groups.isLoading} error={groups.error} isEmpty={groups.data?.length === 0} emptyText={t('groups.empty')}>
        {groups.data?.map((g) => (
          <article key={g.id} className="card">
            <h2>
              <Link to={`/groups/${g.id}`}>{g.name}</Link>
            </h2>
            <p className="hint">
              {t(`groups.kinds.${g.kind}`)} · {t('groups.activeMembers', { count: g.active_members })}
            </p>
            {g.my_status === 'invited' && (
              <div>
                <p>{t('groups.consent')}</p>
                <div className="row-actions">
                  <button type="button" onClick={() => respond.mutate({ id: g.id, accept: true })} disabled={respond.isPending}>
                    {t('groups.accept')}
                  </button>
                  <button type="button" className="secondary" onClick={() => respond.mutate({ id: g.id, accept: false })} disabled={respond.isPending}>
                    {t('groups.decline')}
                  </button>
                </div>
              </div>
            )}
            {g.my_status === 'active' && (
              <button type="button" className="secondary" onClick={() => respond.mutate({ id: g.id, accept: false })} disabled={respond.isPending}>
                {t('groups.leave')}
              </button>
            )}
          </article>
        ))}
      </QueryState>
      <ErrorNotice error={respond.error} />
    </section>
  );
}

type Kind = Schemas['GroupKind'];
type Place = { kind: Kind; label: string; school_id?: string; hub_id?: string };

function GroupForm({ places, onDone }: { places: Place[]; onDone: () => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [name, setName] = useState('');
  const [place, setPlace] = useState(0);
  const [kind, setKind] = useState<Kind>(places[0]?.kind ?? 'peer_circle');
  const create = useMutation({
    mutationFn: async () => {
      const p = places[place];
      return groupApi.create({ name, kind, school_id: p?.school_id, hub_id: p?.hub_id });
    },
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: keys.groups.all });
      onDone();
    },
  });
  const errs = useFieldErrors(create.error);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate();
  };
  return (
    <form className="card" onSubmit={submit} noValidate>
      <div className="grid">
        <Field label={t('groups.name')} error={errs.name}>
          {(p) => <input {...p} value={name} onChange={(e) => setName(e.target.value)} />}
        </Field>
        <Field label={t('groups.where')}>
          {(p) => (
            <select
              {...p}
              value={place}
              onChange={(e) => {
                const i = Number(e.target.value);
                setPlace(i);
                setKind(places[i]?.kind ?? 'peer_circle');
              }}
            >
              {places.map((pl, i) => (
                <option key={i} value={i}>
                  {pl.label}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('groups.kind')} error={errs.kind}>
          {(p) => (
            <select {...p} value={kind} onChange={(e) => setKind(oneOf(groupKindValues, e.target.value))}>
              {groupKindValues.filter((k) => (places[place]?.school_id ? k !== 'course_cohort' : k !== 'school_staff')).map((k) => (
                <option key={k} value={k}>
                  {t(`groups.kinds.${k}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      <p>
        <button type="submit" disabled={create.isPending}>
          {t('groups.create')}
        </button>
      </p>
      {Object.keys(errs).length === 0 && <ErrorNotice error={create.error} />}
    </form>
  );
}
