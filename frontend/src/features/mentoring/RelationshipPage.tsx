import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { Schemas } from '../../lib/api/client';
import { keys } from '../../lib/queryKeys';
import { mentoringApi, mentoringQueries } from './queries';
import { ErrorNotice, Field, PageHeader, QueryState, useFieldErrors } from '../../lib/ui';
import { useSession } from '../../lib/auth';
import { ActivityForm, ownerOf } from './ActivityForm';
import { RelationshipEdit } from './RelationshipEdit';
import { ActivitySummary } from './ActivitySummary';
import { HoursBar } from './HoursBar';
import { useVocabulary } from './hooks';
import { useMentoringLabels } from './labels';
import { participantRoleValues } from '../../lib/api/schema';
import { oneOf } from '../../lib/enums';
import { useDates } from '../../lib/dates';
import { LoadMore, usePaged } from '../../lib/paged';

type Rel = Schemas['RelationshipDto'];

/** One relationship: participants, goals, lifecycle, activity timeline. */
export function RelationshipPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const L = useMentoringLabels();
  const rel = useQuery(mentoringQueries.relationship(id));
  const activities = usePaged(mentoringQueries.relationshipActivities(id), { staleTime: 0 });
  const vocab = useVocabulary(rel.data?.hub_id);
  const focusTitle = (k: string) => vocab.data?.focus.find((f) => f.key === k)?.title ?? k;
  const r = rel.data;
  return (
    <QueryState isLoading={rel.isLoading} error={rel.error} retry={() => void rel.refetch()}>
      {r && (
        <section>
          <PageHeader title={r.title}>
            {r.programme_id ? (
              <Link to={`/mentoring/programmes/${r.programme_id}`}>{t('mentoring.backTo', { name: r.programme_name })}</Link>
            ) : (
              <Link to="/mentoring">{t('mentoring.back')}</Link>
            )}
          </PageHeader>
          <div className="two-col">
            <dl className="facts card">
              <dt>{t('mentoring.kind')}</dt>
              <dd>{L.kind(r.kind)}</dd>
              <dt>{t('mentoring.statusLabel')}</dt>
              <dd className={`status status-${r.status}`} data-testid="relationship-status">
                {L.status(r.status)}
              </dd>
              {r.meeting_rhythm && (
                <>
                  <dt>{t('mentoring.rhythm')}</dt>
                  <dd>{r.meeting_rhythm}</dd>
                </>
              )}
              {r.focus.length > 0 && (
                <>
                  <dt>{t('mentoring.focus')}</dt>
                  <dd>{r.focus.map(focusTitle).join(', ')}</dd>
                </>
              )}
              {r.agreement && (
                <>
                  <dt>{t('mentoring.agreement')}</dt>
                  <dd>{r.agreement}</dd>
                </>
              )}
              <dt>{t('mentoring.hoursLabel')}</dt>
              <dd data-testid="relationship-hours">
                <HoursBar hours={r.hours} />
              </dd>
            </dl>
            <div className="card">
              <h2>{t('mentoring.participants')}</h2>
              <Participants rel={r} />
            </div>
          </div>
          {r.rights.manage && <RelationshipEdit rel={r} />}
          {r.next.length > 0 && <Lifecycle rel={r} />}
          {r.rights.log && (
            <details className="card" open>
              <summary>
                <strong>{t('mentoring.logActivity')}</strong>
              </summary>
              <ActivityForm owner={ownerOf(r)} />
            </details>
          )}
          <h2>{t('mentoring.timeline')}</h2>
          <QueryState
            isLoading={activities.isLoading}
            error={activities.error}
            isEmpty={activities.items.length === 0}
            emptyText={t('mentoring.noActivities')}
          >
            <Timeline rel={r} items={activities.items} />
            <LoadMore paged={activities} />
          </QueryState>
          {(r.feedback_to.length > 0 || r.feedback.length > 0) && <Feedback rel={r} />}
          <h2>{t('mentoring.goals')}</h2>
          {r.goals.length === 0 ? (
            <p className="state empty">{t('mentoring.noGoals')}</p>
          ) : (
            <ol>
              {r.goals.map((g) => (
                <li key={g.id}>
                  <strong>{g.text}</strong> — {t(`mentoring.goalStatus.${g.status}`)}
                  <br />
                  <span className="hint">{t('mentoring.indicatorIs', { indicator: g.indicator })}</span>
                </li>
              ))}
            </ol>
          )}
          <h2>{t('mentoring.history')}</h2>
          <History rel={r} />
        </section>
      )}
    </QueryState>
  );
}

function Participants({ rel }: { rel: Rel }) {
  const { t } = useTranslation();
  const L = useMentoringLabels();
  const qc = useQueryClient();
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Schemas['ParticipantRole']>('mentee');
  const refresh = () => void qc.invalidateQueries({ queryKey: keys.relationships.one(rel.id) });
  const add = useMutation({
    mutationFn: () => mentoringApi.addParticipant(rel.id, { email, role }),
    onSuccess: () => {
      setEmail('');
      refresh();
    },
  });
  const remove = useMutation({
    mutationFn: (pid: string) => mentoringApi.removeParticipant(rel.id, pid),
    onSuccess: refresh,
  });
  const errs = useFieldErrors(add.error);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    add.mutate();
  };
  return (
    <>
      <ul className="plain-list">
        {rel.participants.map((p) => (
          <li key={p.id}>
            <strong>{p.name}</strong> — {L.role(p.role)}
            {p.person_id && p.school_name && <span className="hint"> · {p.school_name}</span>}
            {!p.person_id && <span className="hint"> · {t('mentoring.schoolActs')}</span>}
            {rel.rights.manage && (
              <>
                {' '}
                <button
                  type="button"
                  className="link-button"
                  onClick={() => remove.mutate(p.id)}
                  aria-label={t('mentoring.removeNamed', { name: p.name })}
                >
                  {t('mentoring.remove')}
                </button>
              </>
            )}
          </li>
        ))}
      </ul>
      {rel.rights.roles.length > 0 && <p className="hint">{t('mentoring.youAre', { roles: rel.rights.roles.map(L.role).join(', ') })}</p>}
      {rel.rights.manage && (
        <form onSubmit={submit} noValidate className="row-editor" aria-label={t('mentoring.addParticipant')}>
          <Field label={t('mentoring.email')} error={errs.person_id ?? errs.email}>
            {(p) => <input {...p} type="email" autoComplete="off" value={email} onChange={(e) => setEmail(e.target.value)} />}
          </Field>
          <Field label={t('mentoring.role')}>
            {(p) => (
              <select {...p} value={role} onChange={(e) => setRole(oneOf(participantRoleValues, e.target.value))}>
                {participantRoleValues.map((r) => (
                  <option key={r} value={r}>
                    {L.role(r)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <button type="submit" disabled={add.isPending}>
            {t('mentoring.addParticipant')}
          </button>
        </form>
      )}
      {Object.keys(errs).length === 0 && <ErrorNotice error={add.error ?? remove.error} />}
    </>
  );
}

function Lifecycle({ rel }: { rel: Rel }) {
  const { t } = useTranslation();
  const L = useMentoringLabels();
  const qc = useQueryClient();
  const [reason, setReason] = useState('');
  const move = useMutation({
    mutationFn: (to: string) => mentoringApi.transition(rel.id, { to, reason: reason || undefined }),
    onSuccess: () => {
      setReason('');
      void qc.invalidateQueries({ queryKey: keys.relationships.all });
    },
  });
  return (
    <div className="card">
      <h2>{t('mentoring.lifecycle')}</h2>
      <Field label={t('mentoring.reason')} hint={t('mentoring.reasonHint')}>
        {(p) => <input {...p} value={reason} onChange={(e) => setReason(e.target.value)} />}
      </Field>
      <div className="row-actions" style={{ marginTop: '0.5rem' }}>
        {rel.next.map((n) => (
          <button
            key={n}
            type="button"
            className={n === 'cancelled' ? 'danger' : n === 'active' ? '' : 'secondary'}
            onClick={() => move.mutate(n)}
            disabled={move.isPending}
          >
            {t(`mentoring.moveTo.${n}`, { defaultValue: L.status(n) })}
          </button>
        ))}
      </div>
      <ErrorNotice error={move.error} />
    </div>
  );
}

function History({ rel }: { rel: Rel }) {
  const { t } = useTranslation();
  const L = useMentoringLabels();
  const dates = useDates();
  return (
    <ul className="plain-list">
      {rel.history.map((e, i) => (
        <li key={i}>
          {dates.moment(e.at)} — {e.from ? `${L.status(e.from)} → ${L.status(e.to)}` : L.status(e.to)} · {t('mentoring.by', { name: e.by_name })}
          {e.reason && <span className="hint"> · “{e.reason}”</span>}
        </li>
      ))}
    </ul>
  );
}

function Timeline({ rel, items }: { rel: Rel; items: Schemas['ActivityDto'][] }) {
  const { t } = useTranslation();
  const me = useSession().user?.id;
  const qc = useQueryClient();
  const [editing, setEditing] = useState<string | null>(null);
  const del = useMutation({
    mutationFn: (aid: string) => mentoringApi.deleteActivity(aid),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: keys.relationships.one(rel.id) });
    },
  });
  return (
    <>
      <ul className="timeline">
        {items.map((a) => (
          <li key={a.id} className={a.state}>
            <ActivitySummary activity={a} hubId={rel.hub_id} />
            <p className="hint">
              {t('mentoring.loggedBy', { name: a.author_name })}
              {a.rating_mean != null && <> · {t('mentoring.ratingMean', { mean: a.rating_mean, count: a.ratings })}</>}
            </p>
            {a.state === 'final' && a.author_id !== me && (rel.rights.roles.length > 0 || a.attendees.some((x) => x.person_id === me)) && (
              <Rate rel={rel} activity={a} />
            )}
            {a.can_edit && (
              <div className="row-actions">
                <button type="button" className="link-button" onClick={() => setEditing(editing === a.id ? null : a.id)} aria-expanded={editing === a.id}>
                  {t('common.edit')}
                </button>
                <button type="button" className="link-button" onClick={() => del.mutate(a.id)}>
                  {t('common.delete')}
                </button>
              </div>
            )}
            {editing === a.id && <ActivityForm owner={ownerOf(rel)} activity={a} onDone={() => setEditing(null)} />}
          </li>
        ))}
      </ul>
      <ErrorNotice error={del.error} />
    </>
  );
}

function Rate({ rel, activity }: { rel: Rel; activity: Schemas['ActivityDto'] }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const rate = useMutation({
    mutationFn: (rating: number) => mentoringApi.rateActivity(activity.id, rating),
    onSuccess: () => void qc.invalidateQueries({ queryKey: keys.relationships.activities(rel.id) }),
  });
  return (
    <div className="choice-row" role="group" aria-label={t('mentoring.rateIt')}>
      <span className="hint">{t('mentoring.rateIt')}</span>
      {[1, 2, 3, 4, 5].map((n) => (
        <button
          key={n}
          type="button"
          className="secondary"
          aria-pressed={activity.my_rating === n}
          aria-label={t('mentoring.rateN', { n })}
          onClick={() => rate.mutate(n)}
          disabled={rate.isPending}
        >
          {n}
        </button>
      ))}
      <ErrorNotice error={rate.error} />
    </div>
  );
}

function Feedback({ rel }: { rel: Rel }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  // A target is a person or a school (whose leaders give and read feedback for it).
  const key = (x: Schemas['ParticipantDto']) => (x.person_id ? `p:${x.person_id}` : `s:${x.school_id ?? ''}`);
  const [to, setTo] = useState(rel.feedback_to[0] ? key(rel.feedback_to[0]) : '');
  const [rating, setRating] = useState('5');
  const [comment, setComment] = useState('');
  const give = useMutation({
    mutationFn: () =>
      mentoringApi.giveFeedback(rel.id, {
        ...(to.startsWith('p:') ? { to_person: to.slice(2) } : { to_school_id: to.slice(2) }),
        rating: Number(rating),
        comment: comment || undefined,
      }),
    onSuccess: (data) => {
      setComment('');
      qc.setQueryData(keys.relationships.one(rel.id), data);
    },
  });
  const errs = useFieldErrors(give.error);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    give.mutate();
  };
  return (
    <div className="card">
      <h2>{t('mentoring.feedback')}</h2>
      <ul className="plain-list">
        {rel.feedback.map((f, i) => (
          <li key={i}>
            {t('mentoring.feedbackLine', {
              from: f.from_school_name ? t('mentoring.forSchool', { name: f.from_name, school: f.from_school_name }) : f.from_name,
              to: f.to_name,
              rating: f.rating,
            })}
            {f.comment && <span className="hint"> · “{f.comment}”</span>}
          </li>
        ))}
      </ul>
      {rel.feedback_to.length > 0 && (
        <form onSubmit={submit} noValidate aria-label={t('mentoring.giveFeedback')}>
          <div className="grid">
            <Field label={t('mentoring.feedbackTo')} error={errs.to_person ?? errs.to_school_id}>
              {(p) => (
                <select {...p} value={to} onChange={(e) => setTo(e.target.value)}>
                  {rel.feedback_to.map((x) => (
                    <option key={x.id} value={key(x)}>
                      {x.person_id ? x.name : t('mentoring.theSchool', { name: x.name })}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field label={t('mentoring.feedbackRating')} error={errs.rating}>
              {(p) => (
                <select {...p} value={rating} onChange={(e) => setRating(e.target.value)}>
                  {[5, 4, 3, 2, 1].map((n) => (
                    <option key={n} value={n}>
                      {n}
                    </option>
                  ))}
                </select>
              )}
            </Field>
          </div>
          <Field label={t('mentoring.feedbackComment')} error={errs.comment}>
            {(p) => <textarea {...p} rows={3} value={comment} onChange={(e) => setComment(e.target.value)} />}
          </Field>
          <p>
            <button type="submit" disabled={give.isPending}>
              {t('mentoring.giveFeedback')}
            </button>
          </p>
          {Object.keys(errs).length === 0 && <ErrorNotice error={give.error} />}
        </form>
      )}
    </div>
  );
}
