import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import type { Schemas } from '../../lib/api/client';
import { directoryQueries } from '../../lib/directory';
import { keys } from '../../lib/queryKeys';
import { campaignQueries } from '../campaigns/queries';
import { mentoringApi, mentoringQueries } from './queries';
import { ErrorNotice, Field, PageHeader, QueryState, useFieldErrors } from '../../lib/ui';
import { useDate, useVocabulary } from './hooks';
import { planActionStatusValues } from '../../lib/api/schema';
import { oneOf } from '../../lib/enums';
import { useDates } from '../../lib/dates';

type Plan = Schemas['PlanDto'];
type Goal = Schemas['PlanGoalDto'];

function usePlanQuery(id: string) {
  const { i18n } = useTranslation();
  return {
    key: keys.plans.one(id, i18n.resolvedLanguage),
    lang: i18n.resolvedLanguage,
  };
}

/** A school's digital development plan: goals → actions, measured progress, comments. */
export function PlanPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const date = useDate();
  const q = usePlanQuery(id);
  const plan = useQuery(mentoringQueries.plan(id, q.lang));
  const p = plan.data;
  return (
    <QueryState isLoading={plan.isLoading} error={plan.error} retry={() => void plan.refetch()}>
      {p && (
        <section>
          <PageHeader title={p.title}>
            <Link to={`/schools/${p.school_id}`}>{t('plans.backTo', { name: p.school_name })}</Link>
          </PageHeader>
          <p className="hint">
            {p.measured_from
              ? t('plans.measuredFrom', { name: p.measured_from.campaign_name, date: date(p.measured_from.closes_on) })
              : t('plans.notMeasured')}
          </p>
          {p.goals.length === 0 && <p className="state empty">{t('plans.noGoals')}</p>}
          {p.goals.map((g) => (
            <GoalCard key={g.id} plan={p} goal={g} />
          ))}
          {p.rights.edit && <GoalForm plan={p} />}
          <h2>{t('plans.comments')}</h2>
          <Comments plan={p} />
        </section>
      )}
    </QueryState>
  );
}

function usePlanUpdate(plan: Plan) {
  const qc = useQueryClient();
  const { key } = usePlanQuery(plan.id);
  return (data: Plan) => qc.setQueryData(key, data);
}

function Scale({ goal }: { goal: Goal }) {
  const { t } = useTranslation();
  const pct = (v: number) => `${((v - goal.scale_min) / (goal.scale_max - goal.scale_min)) * 100}%`;
  const fmt = (v?: number | null) => (v == null ? '–' : v.toFixed(2));
  return (
    <div className="goal-scale">
      <div className="hours-bar" aria-hidden="true">
        {goal.current_value != null && <span className="mark start" style={{ left: pct(goal.current_value) }} />}
        {goal.measured_value != null && <span className="hours-fill" style={{ width: pct(goal.measured_value) }} />}
        <span className="mark target" style={{ left: pct(goal.target_value) }} />
      </div>
      <p>
        {t('plans.values', {
          start: fmt(goal.current_value),
          now: fmt(goal.measured_value),
          target: fmt(goal.target_value),
          min: goal.scale_min,
          max: goal.scale_max,
        })}
        {goal.progress_percent != null && <strong> · {t('plans.progress', { percent: goal.progress_percent })}</strong>}
      </p>
    </div>
  );
}

/** The school's people, for owners of goals and actions (one page of up to 200). */
function useSchoolPeople(schoolId: string, enabled: boolean) {
  return useQuery({ ...mentoringQueries.planOwners(schoolId), enabled });
}

type Owner = { id: string; name: string };
const OTHER = '__other__';

/** An owner: one of the school's people, or — for someone without an account — a name. */
function OwnerPicker({ schoolId, value, onChange, error }: { schoolId: string; value: Owner; onChange: (o: Owner) => void; error?: string }) {
  const { t } = useTranslation();
  const people = useSchoolPeople(schoolId, true);
  const [typing, setTyping] = useState(value.id === '' && value.name !== '');
  return (
    <>
      <Field label={t('plans.owner')} error={error}>
        {(p) => (
          <select
            {...p}
            value={typing ? OTHER : value.id}
            onChange={(e) => {
              const v = e.target.value;
              setTyping(v === OTHER);
              onChange(v === OTHER ? { id: '', name: value.name } : { id: v, name: '' });
            }}
          >
            <option value="">{t('plans.noOwner')}</option>
            {(people.data ?? []).map((x) => (
              <option key={x.id} value={x.id}>
                {x.name}
              </option>
            ))}
            <option value={OTHER}>{t('plans.ownerOther')}</option>
          </select>
        )}
      </Field>
      {typing && (
        <Field label={t('plans.ownerName')}>
          {(p) => <input {...p} value={value.name} onChange={(e) => onChange({ id: '', name: e.target.value })} />}
        </Field>
      )}
    </>
  );
}

function GoalEdit({ plan, goal, close }: { plan: Plan; goal: Goal; close: () => void }) {
  const { t } = useTranslation();
  const done = usePlanUpdate(plan);
  const { lang } = usePlanQuery(plan.id);
  const [f, setF] = useState({ title: goal.title, target: String(goal.target_value), indicator: goal.indicator });
  const [owner, setOwner] = useState<Owner>({ id: goal.owner_id ?? '', name: goal.owner_id ? '' : (goal.owner_name ?? '') });
  const save = useMutation({
    mutationFn: () =>
      mentoringApi.updatePlanGoal(plan.id, goal.id, lang, {
        title: f.title,
        target_value: Number(f.target),
        indicator: f.indicator,
        ...(owner.id ? { owner_id: owner.id } : { owner_id: null, owner_name: owner.name.trim() || null }),
      }),
    onSuccess: (data) => {
      done(data);
      close();
    },
  });
  const errs = useFieldErrors(save.error);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };
  return (
    <form className="row-editor" onSubmit={submit} noValidate aria-label={t('plans.editGoal')}>
      <Field label={t('mentoring.goal')} error={errs.title}>
        {(p) => <input {...p} value={f.title} onChange={(e) => setF({ ...f, title: e.target.value })} />}
      </Field>
      <Field label={t('plans.targetValue')} error={errs.target_value} hint={`${goal.scale_min}–${goal.scale_max}`}>
        {(p) => <input {...p} type="number" step="0.1" inputMode="decimal" value={f.target} onChange={(e) => setF({ ...f, target: e.target.value })} />}
      </Field>
      <Field label={t('mentoring.indicator')} error={errs.indicator}>
        {(p) => <input {...p} value={f.indicator} onChange={(e) => setF({ ...f, indicator: e.target.value })} />}
      </Field>
      <OwnerPicker schoolId={plan.school_id} value={owner} onChange={setOwner} error={errs.owner_id ?? errs.owner_name} />
      <div className="row-actions">
        <button type="submit" disabled={save.isPending}>
          {t('mentoring.save')}
        </button>
        <button type="button" className="secondary" onClick={close}>
          {t('mentoring.cancel')}
        </button>
      </div>
      {Object.keys(errs).length === 0 && <ErrorNotice error={save.error} />}
    </form>
  );
}

function GoalCard({ plan, goal }: { plan: Plan; goal: Goal }) {
  const { t } = useTranslation();
  const date = useDate();
  const done = usePlanUpdate(plan);
  const { lang } = usePlanQuery(plan.id);
  const [editing, setEditing] = useState(false);
  const setStatus = useMutation({
    mutationFn: (v: { id: string; status: Schemas['PlanActionStatus'] }) => mentoringApi.updatePlanAction(plan.id, v.id, lang, { status: v.status }),
    onSuccess: done,
  });
  const removeGoal = useMutation({
    mutationFn: () => mentoringApi.removePlanGoal(plan.id, goal.id, lang),
    onSuccess: done,
  });
  return (
    <article className="card goal" aria-labelledby={`goal-${goal.id}`}>
      <h2 id={`goal-${goal.id}`}>{goal.title}</h2>
      <p className="hint">
        {goal.area_title}
        {goal.source_item && <> · {t('plans.fromStatement')}</>} · {t('mentoring.indicatorIs', { indicator: goal.indicator })}
        {goal.owner_name && <> · {t('plans.ownerIs', { name: goal.owner_name })}</>}
      </p>
      <Scale goal={goal} />
      {plan.rights.edit &&
        (editing ? (
          <GoalEdit plan={plan} goal={goal} close={() => setEditing(false)} />
        ) : (
          <p>
            <button type="button" className="link-button" onClick={() => setEditing(true)} aria-label={`${t('plans.editGoal')}: ${goal.title}`}>
              {t('plans.editGoal')}
            </button>
          </p>
        ))}
      <h3>{t('plans.actions', { done: goal.actions_done, total: goal.actions.length })}</h3>
      {goal.actions.length === 0 ? (
        <p className="state empty">{t('plans.noActions')}</p>
      ) : (
        <ul className="plain-list actions">
          {goal.actions.map((a) => (
            <li key={a.id} className={`action-${a.status}`}>
              <strong>{a.title}</strong>
              <span className="hint">
                {a.owner_name && <> · {a.owner_name}</>}
                {a.due_on && <> · {t('plans.due', { date: date(a.due_on) })}</>}
                {a.proposed_by_name && <> · {t('plans.proposedBy', { name: a.proposed_by_name })}</>}
              </span>
              {a.evidence.length > 0 && (
                <span>
                  {' '}
                  {a.evidence.map((l) => (
                    <a key={l} href={l} rel="noopener noreferrer" target="_blank" className="chip">
                      {new URL(l).hostname}
                    </a>
                  ))}
                </span>
              )}{' '}
              {plan.rights.edit ? (
                <select
                  aria-label={t('plans.statusOf', { title: a.title })}
                  value={a.status}
                  onChange={(e) => setStatus.mutate({ id: a.id, status: oneOf(planActionStatusValues, e.target.value) })}
                  className="inline-select"
                >
                  {planActionStatusValues.map((s) => (
                    <option key={s} value={s}>
                      {t(`plans.status.${s}`)}
                    </option>
                  ))}
                </select>
              ) : (
                <em> · {t(`plans.status.${a.status}`)}</em>
              )}
            </li>
          ))}
        </ul>
      )}
      {(plan.rights.edit || plan.rights.propose) && <ActionForm plan={plan} goal={goal} />}
      {plan.rights.edit && (
        <p>
          <button type="button" className="link-button" onClick={() => removeGoal.mutate()}>
            {t('plans.removeGoal')}
          </button>
        </p>
      )}
      <ErrorNotice error={setStatus.error ?? removeGoal.error} />
    </article>
  );
}

function ActionForm({ plan, goal }: { plan: Plan; goal: Goal }) {
  const { t } = useTranslation();
  const done = usePlanUpdate(plan);
  const { lang } = usePlanQuery(plan.id);
  const [f, setF] = useState({ title: '', due: '' });
  const [owner, setOwner] = useState<Owner>({ id: '', name: '' });
  const add = useMutation({
    mutationFn: () =>
      mentoringApi.addPlanAction(plan.id, goal.id, lang, {
        title: f.title,
        owner_id: owner.id || undefined,
        owner_name: owner.id ? undefined : owner.name.trim() || undefined,
        due_on: f.due || undefined,
      }),
    onSuccess: (data) => {
      setF({ title: '', due: '' });
      setOwner({ id: '', name: '' });
      done(data);
    },
  });
  const errs = useFieldErrors(add.error);
  const label = t(plan.rights.edit ? 'plans.addAction' : 'plans.proposeAction');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    add.mutate();
  };
  return (
    <form className="row-editor" onSubmit={submit} noValidate aria-label={`${label}: ${goal.title}`}>
      <Field label={t('plans.action')} error={errs.title}>
        {(p) => <input {...p} value={f.title} onChange={(e) => setF({ ...f, title: e.target.value })} />}
      </Field>
      <OwnerPicker schoolId={plan.school_id} value={owner} onChange={setOwner} error={errs.owner_id ?? errs.owner_name} />
      <Field label={t('plans.dueOn')} error={errs.due_on}>
        {(p) => <input {...p} type="date" value={f.due} onChange={(e) => setF({ ...f, due: e.target.value })} />}
      </Field>
      <button type="submit" disabled={add.isPending}>
        {label}
      </button>
      {Object.keys(errs).length === 0 && <ErrorNotice error={add.error} />}
    </form>
  );
}

function GoalForm({ plan }: { plan: Plan }) {
  const { t } = useTranslation();
  const done = usePlanUpdate(plan);
  const { lang } = usePlanQuery(plan.id);
  const school = useQuery(directoryQueries.school(plan.school_id));
  const vocab = useVocabulary(school.data?.hub_id);
  const [open, setOpen] = useState(false);
  const [f, setF] = useState({ title: '', area: 'school-readiness:infrastructure', current: '', target: '', indicator: '' });
  const add = useMutation({
    mutationFn: () =>
      mentoringApi.addPlanGoal(plan.id, lang, {
        title: f.title,
        area: f.area,
        current_value: f.current === '' ? undefined : Number(f.current),
        target_value: Number(f.target),
        indicator: f.indicator,
      }),
    onSuccess: (data) => {
      setF({ ...f, title: '', current: '', target: '', indicator: '' });
      setOpen(false);
      done(data);
    },
  });
  const errs = useFieldErrors(add.error);
  if (!open)
    return (
      <p>
        <button type="button" onClick={() => setOpen(true)}>
          {t('plans.addGoal')}
        </button>
      </p>
    );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    add.mutate();
  };
  const readiness = f.area.startsWith('school-readiness');
  return (
    <form className="card" onSubmit={submit} noValidate aria-label={t('plans.addGoal')}>
      <h2>{t('plans.addGoal')}</h2>
      <div className="grid">
        <Field label={t('mentoring.goal')} error={errs.title}>
          {(p) => <input {...p} value={f.title} onChange={(e) => setF({ ...f, title: e.target.value })} />}
        </Field>
        <Field label={t('plans.area')} error={errs.area}>
          {(p) => (
            <select {...p} value={f.area} onChange={(e) => setF({ ...f, area: e.target.value })}>
              {(vocab.data?.focus ?? []).map((o) => (
                <option key={o.key} value={o.key}>
                  {o.instrument}: {o.title}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('plans.currentValue')} error={errs.current_value} hint={t(readiness ? 'plans.scaleReadiness' : 'plans.scaleCompetence')}>
          {(p) => <input {...p} type="number" step="0.1" inputMode="decimal" value={f.current} onChange={(e) => setF({ ...f, current: e.target.value })} />}
        </Field>
        <Field label={t('plans.targetValue')} error={errs.target_value}>
          {(p) => <input {...p} type="number" step="0.1" inputMode="decimal" value={f.target} onChange={(e) => setF({ ...f, target: e.target.value })} />}
        </Field>
      </div>
      <Field label={t('mentoring.indicator')} error={errs.indicator}>
        {(p) => <input {...p} value={f.indicator} onChange={(e) => setF({ ...f, indicator: e.target.value })} />}
      </Field>
      <div className="row-actions" style={{ marginTop: '0.5rem' }}>
        <button type="submit" disabled={add.isPending}>
          {t('plans.addGoal')}
        </button>
        <button type="button" className="secondary" onClick={() => setOpen(false)}>
          {t('mentoring.cancel')}
        </button>
      </div>
      {Object.keys(errs).length === 0 && <ErrorNotice error={add.error} />}
    </form>
  );
}

function Comments({ plan }: { plan: Plan }) {
  const { t } = useTranslation();
  const done = usePlanUpdate(plan);
  const { lang } = usePlanQuery(plan.id);
  const [text, setText] = useState('');
  const dates = useDates();
  const add = useMutation({
    mutationFn: () => mentoringApi.commentOnPlan(plan.id, lang, text),
    onSuccess: (data) => {
      setText('');
      done(data);
    },
  });
  const errs = useFieldErrors(add.error);
  const goalTitle = (id?: string | null) => plan.goals.find((g) => g.id === id)?.title;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    add.mutate();
  };
  return (
    <>
      {plan.comments.length === 0 ? (
        <p className="state empty">{t('plans.noComments')}</p>
      ) : (
        <ul className="plain-list">
          {plan.comments.map((c) => (
            <li key={c.id}>
              <strong>{c.author_name}</strong> <span className="hint">· {dates.moment(c.at)}</span>
              {goalTitle(c.goal_id) && <span className="hint"> · {goalTitle(c.goal_id)}</span>}
              <br />
              {c.text}
            </li>
          ))}
        </ul>
      )}
      {plan.rights.comment && (
        <form className="stack" onSubmit={submit} noValidate aria-label={t('plans.addComment')}>
          <Field label={t('plans.comment')} error={errs.text}>
            {(p) => <textarea {...p} rows={3} value={text} onChange={(e) => setText(e.target.value)} />}
          </Field>
          <p>
            <button type="submit" disabled={add.isPending}>
              {t('plans.addComment')}
            </button>
          </p>
          {Object.keys(errs).length === 0 && <ErrorNotice error={add.error} />}
        </form>
      )}
    </>
  );
}

/** A school's development plans on its page, and a form to start one (its leaders). */
export function PlansSection({ schoolId, canCreate }: { schoolId: string; canCreate: boolean }) {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const date = useDate();
  const list = useQuery(mentoringQueries.plansOfSchool(schoolId));
  const campaigns = useQuery({ ...campaignQueries.ofSchool(schoolId), enabled: canCreate });
  const [title, setTitle] = useState('');
  const [campaign, setCampaign] = useState('');
  const create = useMutation({
    mutationFn: () => mentoringApi.createPlan(schoolId, i18n.resolvedLanguage, { title, campaign_id: campaign || undefined }),
    onSuccess: (p) => void navigate(`/plans/${p.id}`),
  });
  const errs = useFieldErrors(create.error);
  if (list.error || (!canCreate && (list.data?.length ?? 0) === 0)) return null;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate();
  };
  return (
    <div className="card">
      <h2>{t('plans.title')}</h2>
      {(list.data ?? []).length === 0 ? (
        <p className="state empty">{t('plans.none')}</p>
      ) : (
        <ul className="plain-list">
          {list.data?.map((p) => (
            <li key={p.id}>
              <Link to={`/plans/${p.id}`}>{p.title}</Link>{' '}
              <span className="hint">
                · {t('plans.summary', { goals: p.goals, done: p.actions_done, actions: p.actions })} · {date(p.updated_at)}
              </span>
            </li>
          ))}
        </ul>
      )}
      {canCreate && (
        <form onSubmit={submit} noValidate aria-label={t('plans.new')}>
          <div className="grid">
            <Field label={t('plans.planTitle')} error={errs.title}>
              {(p) => <input {...p} value={title} onChange={(e) => setTitle(e.target.value)} />}
            </Field>
            <Field label={t('plans.fromCampaign')} error={errs.campaign_id} hint={t('plans.fromCampaignHint')}>
              {(p) => (
                <select {...p} value={campaign} onChange={(e) => setCampaign(e.target.value)}>
                  <option value="">{t('plans.byHand')}</option>
                  {(campaigns.data ?? []).map((c) => (
                    <option key={c.id} value={c.id}>
                      {c.name} · {t('plans.focusCount', { count: c.focus_items.length })}
                    </option>
                  ))}
                </select>
              )}
            </Field>
          </div>
          <p>
            <button type="submit" disabled={create.isPending}>
              {t('plans.create')}
            </button>
          </p>
          {Object.keys(errs).length === 0 && <ErrorNotice error={create.error} />}
        </form>
      )}
    </div>
  );
}
