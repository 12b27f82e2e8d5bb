import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { Schemas } from '../../lib/api/client';
import { keys } from '../../lib/queryKeys';
import { mentoringApi, mentoringQueries } from './queries';
import { ErrorNotice, Field, PageHeader, QueryState, Table, useFieldErrors } from '../../lib/ui';
import { useDate } from './hooks';
import { today, useMentoringLabels } from './labels';
import { courseAudienceValues } from '../../lib/api/schema';
import { oneOf } from '../../lib/enums';

type Course = Schemas['CourseDto'];

/** A training course: sessions, participants, the attendance sheet, completion. */
export function CoursePage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const L = useMentoringLabels();
  const course = useQuery(mentoringQueries.course(id));
  const c = course.data;
  return (
    <QueryState isLoading={course.isLoading} error={course.error} retry={() => void course.refetch()}>
      {c && (
        <section>
          <PageHeader title={c.title}>
            <Link to={`/mentoring/programmes/${c.programme_id}`}>{t('mentoring.backTo', { name: c.programme_name })}</Link>
          </PageHeader>
          <dl className="facts card">
            <dt>{t('courses.audience')}</dt>
            <dd>{t(`courses.audiences.${c.audience}`)}</dd>
            <dt>{t('courses.plannedHours')}</dt>
            <dd>{L.hours(c.planned_hours)}</dd>
            <dt>{t('courses.scheduled')}</dt>
            <dd>
              {L.hours(c.scheduled.hours)} · {t('courses.sessionCount', { count: c.sessions })}
            </dd>
            <dt>{t('courses.completion')}</dt>
            <dd>{t('courses.completionRule', { percent: Math.round(c.completion_share * 100), hours: Math.ceil(c.planned_hours * c.completion_share * 10) / 10 })}</dd>
            <dt>{t('courses.completedCount')}</dt>
            <dd data-testid="course-completed">{t('courses.completedOf', { completed: c.completed, participants: c.participants })}</dd>
            {c.description && (
              <>
                <dt>{t('mentoring.description')}</dt>
                <dd>{c.description}</dd>
              </>
            )}
          </dl>
          {c.manages && <AttendanceSheet course={c} />}
          <h2>{t('courses.participants')}</h2>
          {c.participant_rows.length === 0 ? (
            <p className="state empty">{t('courses.noParticipants')}</p>
          ) : (
            <Table caption={t('courses.participants')}>
              <thead>
                <tr>
                  <th scope="col">{t('courses.person')}</th>
                  <th scope="col">{t('mentoring.school')}</th>
                  <th scope="col">{t('courses.attendedSessions')}</th>
                  <th scope="col">{t('courses.attendedHours')}</th>
                  <th scope="col">{t('courses.completion')}</th>
                </tr>
              </thead>
              <tbody>
                {c.participant_rows.map((r) => (
                  <tr key={r.person_id}>
                    <td>{r.name}</td>
                    <td>{r.school_name ?? '–'}</td>
                    <td>
                      {r.attended.length} / {c.sessions}
                    </td>
                    <td>{L.hours(r.hours.hours)}</td>
                    <td>{r.completed ? `✓ ${t('courses.completed')}` : t('courses.notYet')}</td>
                  </tr>
                ))}
              </tbody>
            </Table>
          )}
          {c.manages && <ManageCourse course={c} />}
          <h2>{t('courses.sessions')}</h2>
          <Sessions course={c} />
        </section>
      )}
    </QueryState>
  );
}

function useCourseUpdate(course: Course) {
  const qc = useQueryClient();
  return (data: Course) => {
    qc.setQueryData(keys.courses.one(course.id), data);
    void qc.invalidateQueries({ queryKey: keys.board.all });
  };
}

function AttendanceSheet({ course }: { course: Course }) {
  const { t } = useTranslation();
  const date = useDate();
  const done = useCourseUpdate(course);
  const past = course.sessions_list.filter((s) => s.date <= today());
  const [sessionId, setSessionId] = useState(past[past.length - 1]?.id ?? '');
  const session = past.find((s) => s.id === sessionId);
  const initial = (sid: string) => course.participant_rows.filter((r) => r.attended.includes(sid)).map((r) => r.person_id);
  const [present, setPresent] = useState<string[]>(initial(sessionId));
  const [saved, setSaved] = useState(false);
  const save = useMutation({
    mutationFn: () => mentoringApi.recordAttendance(course.id, { session_id: sessionId, present }),
    onSuccess: (data) => {
      done(data);
      setSaved(true);
    },
  });
  if (past.length === 0 || course.participant_rows.length === 0)
    return (
      <div className="card">
        <h2>{t('courses.attendance')}</h2>
        <p className="state empty">{t('courses.attendanceLater')}</p>
      </div>
    );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };
  return (
    <form className="card" onSubmit={submit} aria-label={t('courses.attendance')}>
      <h2>{t('courses.attendance')}</h2>
      <Field label={t('courses.session')}>
        {(p) => (
          <select
            {...p}
            value={sessionId}
            onChange={(e) => {
              setSessionId(e.target.value);
              setPresent(initial(e.target.value));
              setSaved(false);
            }}
          >
            {past.map((s) => (
              <option key={s.id} value={s.id}>
                {date(s.date)} · {s.title ?? t('mentoring.minutes', { count: s.duration_minutes })}
              </option>
            ))}
          </select>
        )}
      </Field>
      <fieldset className="group-picks">
        <legend>{t('courses.whoWasThere', { date: session ? date(session.date) : '' })}</legend>
        <div className="choice-row">
          {course.participant_rows.map((r) => (
            <label key={r.person_id}>
              <input
                type="checkbox"
                checked={present.includes(r.person_id)}
                onChange={(e) => {
                  setSaved(false);
                  setPresent(e.target.checked ? [...present, r.person_id] : present.filter((x) => x !== r.person_id));
                }}
              />
              {r.name}
            </label>
          ))}
        </div>
      </fieldset>
      <div className="row-actions">
        <button type="submit" disabled={save.isPending}>
          {t('courses.saveAttendance')}
        </button>
        <button type="button" className="secondary" onClick={() => setPresent(course.participant_rows.map((r) => r.person_id))}>
          {t('courses.allPresent')}
        </button>
      </div>
      {saved && (
        <p role="status" className="notice ok">
          {t('courses.attendanceSaved', { count: present.length })}
        </p>
      )}
      <ErrorNotice error={save.error} />
    </form>
  );
}

function ManageCourse({ course }: { course: Course }) {
  const { t } = useTranslation();
  const done = useCourseUpdate(course);
  const [email, setEmail] = useState('');
  const add = useMutation({
    mutationFn: () => mentoringApi.addCourseParticipant(course.id, email),
    onSuccess: (data) => {
      setEmail('');
      done(data);
    },
  });
  const errs = useFieldErrors(add.error);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    add.mutate();
  };
  return (
    <form className="row-editor" onSubmit={submit} noValidate aria-label={t('courses.addParticipant')}>
      <Field label={t('mentoring.email')} error={errs.person_id ?? errs.email} hint={t('courses.addHint')}>
        {(p) => <input {...p} type="email" autoComplete="off" value={email} onChange={(e) => setEmail(e.target.value)} />}
      </Field>
      <button type="submit" disabled={add.isPending}>
        {t('courses.addParticipant')}
      </button>
      {Object.keys(errs).length === 0 && <ErrorNotice error={add.error} />}
    </form>
  );
}

function Sessions({ course }: { course: Course }) {
  const { t } = useTranslation();
  const date = useDate();
  const done = useCourseUpdate(course);
  const [f, setF] = useState({ date: today(), minutes: '240', title: '' });
  const add = useMutation({
    mutationFn: () => mentoringApi.addCourseSession(course.id, { date: f.date, duration_minutes: Number(f.minutes), title: f.title || undefined }),
    onSuccess: (data) => {
      setF({ ...f, title: '' });
      done(data);
    },
  });
  const remove = useMutation({
    mutationFn: (sid: string) => mentoringApi.removeCourseSession(course.id, sid),
    onSuccess: done,
  });
  const errs = useFieldErrors(add.error);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    add.mutate();
  };
  return (
    <>
      {course.sessions_list.length === 0 ? (
        <p className="state empty">{t('courses.noSessions')}</p>
      ) : (
        <ul className="plain-list">
          {course.sessions_list.map((s) => (
            <li key={s.id}>
              {date(s.date)} · {t('mentoring.minutes', { count: s.duration_minutes })}
              {s.title && <> · {s.title}</>}
              {course.manages && (
                <>
                  {' '}
                  <button type="button" className="link-button" onClick={() => remove.mutate(s.id)}>
                    {t('mentoring.remove')}
                  </button>
                </>
              )}
            </li>
          ))}
        </ul>
      )}
      {course.manages && (
        <form className="card" onSubmit={submit} noValidate aria-label={t('courses.addSession')}>
          <div className="grid">
            <Field label={t('mentoring.date')} error={errs.date}>
              {(p) => <input {...p} type="date" value={f.date} onChange={(e) => setF({ ...f, date: e.target.value })} />}
            </Field>
            <Field label={t('mentoring.duration')} error={errs.duration_minutes}>
              {(p) => <input {...p} type="number" inputMode="numeric" min={1} max={1440} value={f.minutes} onChange={(e) => setF({ ...f, minutes: e.target.value })} />}
            </Field>
            <Field label={t('courses.sessionTitle')} error={errs.title}>
              {(p) => <input {...p} value={f.title} onChange={(e) => setF({ ...f, title: e.target.value })} />}
            </Field>
          </div>
          <p>
            <button type="submit" disabled={add.isPending}>
              {t('courses.addSession')}
            </button>
          </p>
          {Object.keys(errs).length === 0 && <ErrorNotice error={add.error ?? remove.error} />}
        </form>
      )}
    </>
  );
}

/** The programme's training: targets per audience and its courses; a new course. */
export function TrainingSection({ board, mayRun }: { board: Schemas['BoardDto']; mayRun: boolean }) {
  const { t } = useTranslation();
  const L = useMentoringLabels();
  const qc = useQueryClient();
  const [f, setF] = useState<{ title: string; audience: Schemas['CourseAudience']; planned_hours: string }>({ title: '', audience: 'teachers', planned_hours: '32' });
  const create = useMutation({
    mutationFn: () => mentoringApi.createCourse(board.programme.id, { title: f.title, audience: f.audience, planned_hours: Number(f.planned_hours) }),
    onSuccess: () => {
      setF({ ...f, title: '' });
      void qc.invalidateQueries({ queryKey: keys.board.one(board.programme.id) });
    },
  });
  const errs = useFieldErrors(create.error);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate();
  };
  return (
    <>
      <h2>{t('courses.training')}</h2>
      {board.training.length > 0 && (
        <ul className="cards">
          {board.training.map((x) => (
            <li key={x.audience} className="card">
              <h3>{t(`courses.audiences.${x.audience}`)}</h3>
              <p>{t('courses.targetReached', { reached: x.reached, participants: x.participants, hours: x.target_hours })}</p>
              <p className="hint">{t('courses.attendedTotal', { hours: L.hours(x.attended.hours) })}</p>
            </li>
          ))}
        </ul>
      )}
      {board.courses.length === 0 ? (
        <p className="state empty">{t('courses.none')}</p>
      ) : (
        <Table caption={t('courses.training')}>
          <thead>
            <tr>
              <th scope="col">{t('courses.course')}</th>
              <th scope="col">{t('courses.audience')}</th>
              <th scope="col">{t('courses.plannedHours')}</th>
              <th scope="col">{t('courses.sessions')}</th>
              <th scope="col">{t('courses.completedCount')}</th>
            </tr>
          </thead>
          <tbody>
            {board.courses.map((c) => (
              <tr key={c.id}>
                <td>
                  <Link to={`/mentoring/courses/${c.id}`}>{c.title}</Link>
                </td>
                <td>{t(`courses.audiences.${c.audience}`)}</td>
                <td>{L.hours(c.planned_hours)}</td>
                <td>
                  {c.sessions} · {L.hours(c.scheduled.hours)}
                </td>
                <td>{t('courses.completedOf', { completed: c.completed, participants: c.participants })}</td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
      {mayRun && (
        <form className="card" onSubmit={submit} noValidate aria-label={t('courses.new')}>
          <h3>{t('courses.new')}</h3>
          <div className="grid">
            <Field label={t('courses.course')} error={errs.title}>
              {(p) => <input {...p} value={f.title} onChange={(e) => setF({ ...f, title: e.target.value })} />}
            </Field>
            <Field label={t('courses.audience')} error={errs.audience}>
              {(p) => (
                <select {...p} value={f.audience} onChange={(e) => setF({ ...f, audience: oneOf(courseAudienceValues, e.target.value) })}>
                  {courseAudienceValues.map((a) => (
                    <option key={a} value={a}>
                      {t(`courses.audiences.${a}`)}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field label={t('courses.plannedHours')} error={errs.planned_hours}>
              {(p) => <input {...p} type="number" inputMode="numeric" min={1} value={f.planned_hours} onChange={(e) => setF({ ...f, planned_hours: e.target.value })} />}
            </Field>
          </div>
          <p>
            <button type="submit" disabled={create.isPending}>
              {t('courses.create')}
            </button>
          </p>
          {Object.keys(errs).length === 0 && <ErrorNotice error={create.error} />}
        </form>
      )}
    </>
  );
}
