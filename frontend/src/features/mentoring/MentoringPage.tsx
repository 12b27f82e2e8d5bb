import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import type { Schemas } from '../../lib/api/client';
import { keys } from '../../lib/queryKeys';
import { mentoringApi, mentoringQueries } from './queries';
import { useAbilities, useSession } from '../../lib/auth';
import { ErrorNotice, Field, PageHeader, QueryState, useFieldErrors } from '../../lib/ui';
import { LoadMore, usePaged } from '../../lib/paged';
import { useMentoringLabels } from './labels';
import { HoursBar } from './HoursBar';
import { RelationshipForm } from './RelationshipForm';
import { useDate, useHubOptions, useVocabulary } from './hooks';
import { CalendarFeed } from './CalendarFeed';

/** "My mentoring": the relationships one takes part in, and the programmes one sees. */
export function MentoringPage() {
  const { t } = useTranslation();
  const can = useAbilities();
  const { user } = useSession();
  const mentorHubs = (user?.grants ?? []).filter((g) => g.role === 'mentor').map((g) => g.hub_id!);
  const [creating, setCreating] = useState(false);
  const mine = usePaged(mentoringQueries.relationships(true));
  const overseen = can.isAdmin || can.coordinatedHubs.length > 0;
  // Those one takes part in are listed above already: each relationship once.
  const others = usePaged(mentoringQueries.relationships(false), { enabled: overseen });
  const programmes = useQuery(mentoringQueries.programmes());
  const date = useDate();
  const L = useMentoringLabels();
  return (
    <section>
      <PageHeader title={t('mentoring.title')}>
        {(can.isAdmin || can.coordinatedHubs.length > 0) && (
          <button type="button" onClick={() => setCreating((c) => !c)} aria-expanded={creating}>
            {t('mentoring.newProgramme')}
          </button>
        )}
      </PageHeader>
      <p>{t('mentoring.intro')}</p>
      {creating && <ProgrammeForm onDone={() => setCreating(false)} />}
      <h2>{t('mentoring.mine')}</h2>
      <QueryState isLoading={mine.isLoading} error={mine.error} isEmpty={mine.items.length === 0} emptyText={t('mentoring.mineEmpty')}>
        <RelationshipCards items={mine.items} />
        <LoadMore paged={mine} />
      </QueryState>
      <CalendarFeed />
      <h2>{t('mentoring.programmes')}</h2>
      <QueryState
        isLoading={programmes.isLoading}
        error={programmes.error}
        isEmpty={programmes.data?.length === 0}
        emptyText={t('mentoring.programmesEmpty')}
      >
        <ul className="cards">
          {programmes.data?.map((p) => (
            <li key={p.id} className="card">
              <h3>
                <Link to={`/mentoring/programmes/${p.id}`}>{p.name}</Link>
              </h3>
              <p className="hint">
                {p.hub_name} · {L.method(p.method)} · {date(p.starts_on)} – {date(p.ends_on)}
              </p>
              <p>
                {t('mentoring.schoolCount', { count: p.schools })} ·{' '}
                {t('mentoring.targetRange', { min: p.mentoring_min_hours, max: p.mentoring_max_hours })}
              </p>
            </li>
          ))}
        </ul>
      </QueryState>
      {(overseen || mentorHubs.length > 0) && (
        <>
          <h2>{t('mentoring.standalone')}</h2>
          <p className="hint">{t('mentoring.standaloneHint')}</p>
          <RelationshipForm hubs={overseen ? can.coordinatedHubs.concat(mentorHubs) : mentorHubs} />
        </>
      )}
      {overseen && (
        <>
          <h2>{t('mentoring.otherRelationships')}</h2>
          <QueryState isLoading={others.isLoading} error={others.error} isEmpty={others.items.length === 0} emptyText={t('mentoring.noOtherRelationships')}>
            <RelationshipCards items={others.items} />
            <LoadMore paged={others} />
          </QueryState>
        </>
      )}
    </section>
  );
}

export function RelationshipCards({ items }: { items: Schemas['RelationshipSummaryDto'][] }) {
  const { t } = useTranslation();
  const L = useMentoringLabels();
  return (
    <ul className="cards">
      {items.map((r) => (
        <li key={r.id} className="card">
          <h3>
            <Link to={`/mentoring/relationships/${r.id}`}>{r.title}</Link>
          </h3>
          <p className="hint">
            {L.kind(r.kind)} · <span className={`status status-${r.status}`}>{L.status(r.status)}</span>
            {r.my_roles.length > 0 && <> · {t('mentoring.youAre', { roles: r.my_roles.map(L.role).join(', ') })}</>}
          </p>
          <p>
            {r.participants.map((p, i) => (
              <span key={p.id}>
                {i > 0 && ', '}
                {p.name} ({L.role(p.role)})
              </span>
            ))}
          </p>
          <HoursBar hours={r.hours} />
        </li>
      ))}
    </ul>
  );
}

function ProgrammeForm({ onDone }: { onDone: () => void }) {
  const { t } = useTranslation();
  const can = useAbilities();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const hubs = useHubOptions(can.isAdmin ? undefined : can.coordinatedHubs);
  const [hubId, setHubId] = useState('');
  const hub = hubId || hubs[0]?.id || '';
  const vocab = useVocabulary(hub || undefined);
  const L = useMentoringLabels();
  const [f, setF] = useState({
    name: '',
    method: 'digital_accelerator',
    starts_on: '',
    ends_on: '',
    mentoring_min_hours: '35',
    mentoring_max_hours: '80',
    teachers: '32',
    leaders: '39',
    description: '',
  });
  const set = (k: keyof typeof f) => (e: { target: { value: string } }) => setF({ ...f, [k]: e.target.value });
  const create = useMutation({
    mutationFn: () =>
      mentoringApi.createProgramme({
        hub_id: hub,
        name: f.name,
        method: f.method,
        starts_on: f.starts_on,
        ends_on: f.ends_on,
        mentoring_min_hours: Number(f.mentoring_min_hours),
        mentoring_max_hours: Number(f.mentoring_max_hours),
        training_targets: {
          teachers: f.teachers === '' ? undefined : Number(f.teachers),
          leaders: f.leaders === '' ? undefined : Number(f.leaders),
        },
        description: f.description || undefined,
      }),
    onSuccess: (p) => {
      void qc.invalidateQueries({ queryKey: keys.programmes.all });
      onDone();
      void navigate(`/mentoring/programmes/${p.id}`);
    },
  });
  const errs = useFieldErrors(create.error);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate();
  };
  return (
    <form className="card" onSubmit={submit} noValidate aria-label={t('mentoring.newProgramme')}>
      <div className="grid">
        <Field label={t('mentoring.hub')} error={errs.hub_id}>
          {(p) => (
            <select {...p} value={hub} onChange={(e) => setHubId(e.target.value)}>
              {hubs.map((h) => (
                <option key={h.id} value={h.id}>
                  {h.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('mentoring.name')} error={errs.name}>
          {(p) => <input {...p} value={f.name} onChange={set('name')} />}
        </Field>
        <Field label={t('mentoring.method')} error={errs.method}>
          {(p) => (
            <select {...p} value={f.method} onChange={set('method')}>
              {(vocab.data?.methods ?? ['digital_accelerator']).map((m) => (
                <option key={m} value={m}>
                  {L.method(m)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('mentoring.startsOn')} error={errs.starts_on}>
          {(p) => <input {...p} type="date" value={f.starts_on} onChange={set('starts_on')} />}
        </Field>
        <Field label={t('mentoring.endsOn')} error={errs.ends_on}>
          {(p) => <input {...p} type="date" value={f.ends_on} onChange={set('ends_on')} />}
        </Field>
        <Field label={t('mentoring.minHours')} error={errs.mentoring_min_hours} hint={t('mentoring.minHoursHint')}>
          {(p) => <input {...p} type="number" min={0} inputMode="numeric" value={f.mentoring_min_hours} onChange={set('mentoring_min_hours')} />}
        </Field>
        <Field label={t('mentoring.maxHours')} error={errs.mentoring_max_hours}>
          {(p) => <input {...p} type="number" min={0} inputMode="numeric" value={f.mentoring_max_hours} onChange={set('mentoring_max_hours')} />}
        </Field>
        <Field label={t('mentoring.trainingTeachers')} error={errs['training_targets.teachers']}>
          {(p) => <input {...p} type="number" min={0} inputMode="numeric" value={f.teachers} onChange={set('teachers')} />}
        </Field>
        <Field label={t('mentoring.trainingLeaders')} error={errs['training_targets.leaders']}>
          {(p) => <input {...p} type="number" min={0} inputMode="numeric" value={f.leaders} onChange={set('leaders')} />}
        </Field>
      </div>
      <Field label={t('mentoring.description')} error={errs.description}>
        {(p) => <textarea {...p} rows={3} value={f.description} onChange={set('description')} />}
      </Field>
      <p>
        <button type="submit" disabled={create.isPending}>
          {t('mentoring.createProgramme')}
        </button>
      </p>
      {Object.keys(errs).length === 0 && <ErrorNotice error={create.error} />}
    </form>
  );
}
