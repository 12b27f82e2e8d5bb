import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { Schemas } from '../../lib/api/client';
import { keys } from '../../lib/queryKeys';
import { mentoringApi, mentoringQueries } from './queries';
import { useAbilities, useSession } from '../../lib/auth';
import { ErrorNotice, Field, PageHeader, QueryState, Table, useFieldErrors } from '../../lib/ui';
import { HoursBar } from './HoursBar';
import { useDate } from './hooks';
import { PHASE_MARK, useMentoringLabels } from './labels';
import { RelationshipForm } from './RelationshipForm';
import { TrainingSection } from './CoursePage';
import { ProgrammeActivities } from './ProgrammeActivities';
import { phaseStatusValues, schoolRoleValues } from '../../lib/api/schema';
import { oneOf } from '../../lib/enums';

type Board = Schemas['BoardDto'];
type Enrolment = Schemas['EnrolmentDto'];

/** The programme board: schools × phases, hours against targets, relationships, mentors. */
export function ProgrammePage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const L = useMentoringLabels();
  const date = useDate();
  const { user } = useSession();
  const can = useAbilities();
  const board = useQuery(mentoringQueries.board(id));
  const [editing, setEditing] = useState<{ enrolment: string; phase: string } | null>(null);
  const b = board.data;
  const p = b?.programme;
  const mentorsHere = !!p && (user?.grants ?? []).some((g) => g.role === 'mentor' && g.hub_id === p.hub_id);
  return (
    <QueryState isLoading={board.isLoading} error={board.error} retry={() => void board.refetch()}>
      {b && p && (
        <section>
          <PageHeader title={p.name}>
            <Link to="/mentoring">{t('mentoring.back')}</Link>
          </PageHeader>
          <dl className="facts card">
            <dt>{t('mentoring.hub')}</dt>
            <dd>{p.hub_name}</dd>
            <dt>{t('mentoring.method')}</dt>
            <dd>{L.method(p.method)}</dd>
            <dt>{t('mentoring.dates')}</dt>
            <dd>
              {date(p.starts_on)} – {date(p.ends_on)}
            </dd>
            <dt>{t('mentoring.mentoringTarget')}</dt>
            <dd>{t('mentoring.perSchool', { min: p.mentoring_min_hours, max: p.mentoring_max_hours })}</dd>
            {(p.training_targets.teachers != null || p.training_targets.leaders != null) && (
              <>
                <dt>{t('mentoring.trainingTargets')}</dt>
                <dd>
                  {[
                    p.training_targets.teachers != null && t('mentoring.forTeachers', { hours: p.training_targets.teachers }),
                    p.training_targets.leaders != null && t('mentoring.forLeaders', { hours: p.training_targets.leaders }),
                  ]
                    .filter(Boolean)
                    .join(' · ')}
                </dd>
              </>
            )}
            {/* Two kinds of hours, two numbers: mentoring activities and training sessions. */}
            <dt>{t('mentoring.totalHours')}</dt>
            <dd data-testid="programme-total">{L.hours(b.total.hours)}</dd>
            {b.courses.length > 0 && (
              <>
                <dt>{t('mentoring.trainingHours')}</dt>
                <dd data-testid="programme-training">{L.hours(b.courses.reduce((n, c) => n + c.scheduled.hours, 0))}</dd>
              </>
            )}
            {p.description && (
              <>
                <dt>{t('mentoring.description')}</dt>
                <dd>{p.description}</dd>
              </>
            )}
          </dl>

          <h2 id="board-title">{t('mentoring.board')}</h2>
          <p className="hint">{t('mentoring.boardHint')}</p>
          <Table caption={t('mentoring.board')} labelledBy="board-title" className="board" isEmpty={b.schools.length === 0} emptyText={t('mentoring.noSchools')}>
            <thead>
              <tr>
                <th scope="col">{t('mentoring.school')}</th>
                <th scope="col">{t('mentoring.mentoringHours')}</th>
                {b.phases.map((ph, i) => (
                  <th scope="col" key={ph}>
                    {i + 1}. {L.phase(ph)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {b.schools.map((s) => (
                <tr key={s.id}>
                  <th scope="row">
                    <Link to={`/schools/${s.school_id}`}>{s.school_name}</Link>
                    <br />
                    <span className="hint">
                      {L.schoolRole(s.role)}
                      {s.cycle > 1 && <> · {t('mentoring.cycle', { n: s.cycle })}</>}
                    </span>
                    {s.needs && (
                      <>
                        <br />
                        <Link to={`/mentoring/enrolments/${s.id}/needs`} className="needs-link" data-testid="needs-link">
                          {s.needs.recorded === 0
                            ? t('needs.linkEmpty')
                            : t('needs.link', { recorded: s.needs.recorded, high: s.needs.open_high })}
                        </Link>
                      </>
                    )}
                    {p.manages && <RemoveEnrolment enrolment={s} />}
                    {s.approval === 'pending' && (
                      <>
                        <br />
                        <Approve enrolment={s} mayApprove={can.isAdmin || can.coordinatedHubs.includes(s.hub_id)} />
                      </>
                    )}
                  </th>
                  <td>
                    <HoursBar
                      hours={s.mentoring}
                      range={s.role === 'mentee_school' ? [p.mentoring_min_hours, p.mentoring_max_hours] : undefined}
                    />
                  </td>
                  {s.phases.map((ph) => {
                    const label = `${L.phaseStatus(ph.status)}`;
                    const pressed = editing?.enrolment === s.id && editing.phase === ph.phase;
                    return (
                      <td key={ph.phase} className={`phase-${ph.status}`}>
                        {s.can_edit ? (
                          <button
                            type="button"
                            className="phase"
                            aria-pressed={pressed}
                            aria-label={t('mentoring.editPhase', { phase: L.phase(ph.phase), school: s.school_name, status: label })}
                            onClick={() => setEditing(pressed ? null : { enrolment: s.id, phase: ph.phase })}
                          >
                            <span aria-hidden="true">{PHASE_MARK[ph.status]}</span> {label}
                          </button>
                        ) : (
                          <>
                            <span aria-hidden="true">{PHASE_MARK[ph.status]}</span> {label}
                          </>
                        )}
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </Table>
          {editing && (
            <PhaseEditor
              key={`${editing.enrolment}-${editing.phase}`}
              board={b}
              enrolment={b.schools.find((s) => s.id === editing.enrolment)}
              phase={editing.phase}
              onDone={() => setEditing(null)}
            />
          )}
          {p.manages && <EnrolForm board={b} />}

          <h2>{t('mentoring.relationships')}</h2>
          {b.relationships.length === 0 ? (
            <p className="state empty">{t('mentoring.noRelationships')}</p>
          ) : (
            <Table caption={t('mentoring.relationships')}>
              <thead>
                <tr>
                  <th scope="col">{t('mentoring.relTitle')}</th>
                  <th scope="col">{t('mentoring.kind')}</th>
                  <th scope="col">{t('mentoring.statusLabel')}</th>
                  <th scope="col">{t('mentoring.hoursLabel')}</th>
                </tr>
              </thead>
              <tbody>
                {b.relationships.map((r) => (
                  <tr key={r.id}>
                    <td>
                      <Link to={`/mentoring/relationships/${r.id}`}>{r.title}</Link>
                    </td>
                    <td>{L.kind(r.kind)}</td>
                    <td className={`status status-${r.status}`}>{L.status(r.status)}</td>
                    <td>{L.hours(r.hours.hours)}</td>
                  </tr>
                ))}
              </tbody>
            </Table>
          )}
          {(p.manages || mentorsHere) && (
            <RelationshipForm
              programme={{
                id: p.id,
                hub_id: p.hub_id,
                schools: b.schools.map((s) => ({ school_id: s.school_id, school_name: s.school_name, approval: s.approval })),
              }}
            />
          )}
          <ProgrammeActivities programme={p} />
          <TrainingSection board={b} mayRun={p.manages || mentorsHere} />
          {b.mentors.length > 0 && (
            <>
              <h2>{t('mentoring.mentorHours')}</h2>
              <Table caption={t('mentoring.mentorHours')}>
                <thead>
                  <tr>
                    <th scope="col">{t('mentoring.mentor')}</th>
                    <th scope="col">{t('mentoring.hoursLabel')}</th>
                  </tr>
                </thead>
                <tbody>
                  {b.mentors.map((m) => (
                    <tr key={m.person_id}>
                      <td>{m.name}</td>
                      <td>{L.hours(m.hours.hours)}</td>
                    </tr>
                  ))}
                </tbody>
              </Table>
            </>
          )}
        </section>
      )}
    </QueryState>
  );
}

/** Coordinators take a school out of the programme (its phases and needs mapping go with it). */
function RemoveEnrolment({ enrolment }: { enrolment: Enrolment }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const remove = useMutation({
    mutationFn: () => mentoringApi.withdrawEnrolment(enrolment.id),
    onSuccess: () => void qc.invalidateQueries({ queryKey: keys.board.one(enrolment.programme_id) }),
  });
  return (
    <>
      <br />
      <button
        type="button"
        className="link-button"
        onClick={() => window.confirm(t('mentoring.removeSchoolConfirm', { school: enrolment.school_name })) && remove.mutate()}
        aria-label={`${t('mentoring.removeSchool')}: ${enrolment.school_name}`}
        disabled={remove.isPending}
      >
        {t('mentoring.removeSchool')}
      </button>
      <ErrorNotice error={remove.error} />
    </>
  );
}

function Approve({ enrolment, mayApprove }: { enrolment: Enrolment; mayApprove: boolean }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const approve = useMutation({
    mutationFn: () => mentoringApi.approveEnrolment(enrolment.id),
    onSuccess: () => void qc.invalidateQueries({ queryKey: keys.board.all }),
  });
  return (
    <>
      <span className="notice-inline">{t('mentoring.pendingApproval')}</span>
      {mayApprove && (
        <button type="button" className="secondary" onClick={() => approve.mutate()} disabled={approve.isPending}>
          {t('mentoring.approve')}
        </button>
      )}
      <ErrorNotice error={approve.error} />
    </>
  );
}

function PhaseEditor({ board, enrolment, phase, onDone }: { board: Board; enrolment?: Enrolment; phase: string; onDone: () => void }) {
  const { t } = useTranslation();
  const L = useMentoringLabels();
  const qc = useQueryClient();
  const current = enrolment?.phases.find((p) => p.phase === phase);
  const [status, setStatus] = useState<Schemas['PhaseStatus']>(current?.status ?? 'not_started');
  const [started, setStarted] = useState(current?.started_on ?? '');
  const [finished, setFinished] = useState(current?.finished_on ?? '');
  const [notes, setNotes] = useState(current?.notes ?? '');
  const save = useMutation({
    mutationFn: () =>
      mentoringApi.setPhase(enrolment?.id ?? '', phase, {
        status,
        started_on: started || undefined,
        finished_on: finished || undefined,
        notes: notes || undefined,
      }),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: keys.board.one(board.programme.id) });
      onDone();
    },
  });
  const cycle = useMutation({
    mutationFn: () => mentoringApi.newCycle(enrolment?.id ?? ''),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: keys.board.one(board.programme.id) });
      onDone();
    },
  });
  const errs = useFieldErrors(save.error);
  // The editor opens below the board: bring it into view and move the focus to it, so
  // that clicking a phase visibly does something (also on a phone).
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    heading.current?.scrollIntoView({ block: 'start', behavior: 'smooth' });
    heading.current?.focus({ preventScroll: true });
  }, []);
  if (!enrolment) return null;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };
  return (
    <form className="card" onSubmit={submit} noValidate aria-label={t('mentoring.phaseOf', { phase: L.phase(phase), school: enrolment.school_name })}>
      <h3 ref={heading} tabIndex={-1}>
        {t('mentoring.phaseOf', { phase: L.phase(phase), school: enrolment.school_name })}
      </h3>
      {phase === 'mapping_needs' && (
        <p className="hint">
          {t('mentoring.mappingHint')} <Link to={`/mentoring/enrolments/${enrolment.id}/needs`}>{t('needs.open')}</Link>
        </p>
      )}
      <div className="grid">
        <Field label={t('mentoring.statusLabel')} error={errs.status}>
          {(p) => (
            <select {...p} value={status} onChange={(e) => setStatus(oneOf(phaseStatusValues, e.target.value))}>
              {phaseStatusValues.map((s) => (
                <option key={s} value={s}>
                  {L.phaseStatus(s)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('mentoring.startedOn')} error={errs.started_on}>
          {(p) => <input {...p} type="date" value={started} onChange={(e) => setStarted(e.target.value)} />}
        </Field>
        <Field label={t('mentoring.finishedOn')} error={errs.finished_on}>
          {(p) => <input {...p} type="date" value={finished} onChange={(e) => setFinished(e.target.value)} />}
        </Field>
      </div>
      <Field label={t('mentoring.notes')} error={errs.notes}>
        {(p) => <textarea {...p} rows={3} value={notes} onChange={(e) => setNotes(e.target.value)} />}
      </Field>
      <div className="row-actions">
        <button type="submit" disabled={save.isPending}>
          {t('common.save')}
        </button>
        <button type="button" className="secondary" onClick={onDone}>
          {t('mentoring.cancel')}
        </button>
        {enrolment.can_start_cycle && (
          <button type="button" className="secondary" onClick={() => cycle.mutate()} disabled={cycle.isPending}>
            {t('mentoring.newCycle')}
          </button>
        )}
      </div>
      <ErrorNotice error={save.error ?? cycle.error} />
    </form>
  );
}

function EnrolForm({ board }: { board: Board }) {
  const { t } = useTranslation();
  const L = useMentoringLabels();
  const qc = useQueryClient();
  const schools = useQuery(mentoringQueries.schoolOptions(board.programme.id));
  const enrolled = new Set(board.schools.map((s) => s.school_id));
  const options = (schools.data ?? []).filter((s) => !enrolled.has(s.id));
  // Grouped by hub, the programme's own hub first (the server sends them in that order).
  const groups: { hub: string; items: typeof options }[] = [];
  for (const o of options) {
    const last = groups[groups.length - 1];
    if (last && last.hub === o.hub_name) last.items.push(o);
    else groups.push({ hub: o.hub_name, items: [o] });
  }
  const [school, setSchool] = useState('');
  const [role, setRole] = useState<Schemas['SchoolRole']>('mentee_school');
  const chosen = options.find((o) => o.id === (school || options[0]?.id));
  const enrol = useMutation({
    mutationFn: () => mentoringApi.enrol(board.programme.id, { school_id: school || options[0]?.id || '', role }),
    onSuccess: () => {
      setSchool('');
      // The board and the schools it can still enrol (below it in the key tree).
      void qc.invalidateQueries({ queryKey: keys.board.one(board.programme.id) });
    },
  });
  const errs = useFieldErrors(enrol.error);
  if (options.length === 0) return null;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    enrol.mutate();
  };
  return (
    <form className="card" onSubmit={submit} noValidate aria-label={t('mentoring.enrol')}>
      <h3>{t('mentoring.enrol')}</h3>
      <div className="grid">
        <Field
          label={t('mentoring.school')}
          error={errs.school_id}
          hint={chosen?.needs_approval ? t('mentoring.otherHubHint', { hub: chosen.hub_name }) : undefined}
        >
          {(p) => (
            <select {...p} value={school || options[0]?.id} onChange={(e) => setSchool(e.target.value)}>
              {groups.map((g) => (
                <optgroup key={g.hub} label={g.hub}>
                  {g.items.map((s) => (
                    <option key={s.id} value={s.id}>
                      {s.name}
                    </option>
                  ))}
                </optgroup>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('mentoring.schoolRole')} error={errs.role}>
          {(p) => (
            <select {...p} value={role} onChange={(e) => setRole(oneOf(schoolRoleValues, e.target.value))}>
              {schoolRoleValues.map((r) => (
                <option key={r} value={r}>
                  {L.schoolRole(r)}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      <p>
        <button type="submit" disabled={enrol.isPending}>
          {t('mentoring.enrolButton')}
        </button>
      </p>
      {Object.keys(errs).length === 0 && <ErrorNotice error={enrol.error} />}
    </form>
  );
}
