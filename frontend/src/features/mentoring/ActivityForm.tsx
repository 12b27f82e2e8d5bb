import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Schemas } from '../../lib/api/client';
import { keys } from '../../lib/queryKeys';
import { mentoringApi } from './queries';
import { useSession } from '../../lib/auth';
import { ErrorNotice, Field, useFieldErrors } from '../../lib/ui';
import { useVocabulary } from './hooks';
import { FocusPicker } from './FocusPicker';
import { today, useMentoringLabels } from './labels';
import { activityModeValues, activityStateValues } from '../../lib/api/schema';
import { oneOf } from '../../lib/enums';

const PRESETS = [30, 45, 60, 90, 120];

/** What an activity belongs to: a relationship, or a programme (an event for all its schools). */
export type ActivityOwner = {
  relationship_id?: string;
  programme_id?: string;
  hub_id: string;
  attendable: Schemas['AttendeeDto'][];
};

export const ownerOf = (rel: Schemas['RelationshipDto']): ActivityOwner => ({
  relationship_id: rel.id,
  hub_id: rel.hub_id,
  attendable: rel.attendable,
});

/**
 * Log (or change) an activity: the few things that matter first, large targets for a
 * phone, the rest behind "More details".
 */
export function ActivityForm({ owner, activity, onDone }: { owner: ActivityOwner; activity?: Schemas['ActivityDto']; onDone?: () => void }) {
  const { t } = useTranslation();
  const L = useMentoringLabels();
  const qc = useQueryClient();
  const vocab = useVocabulary(owner.hub_id);
  const people = owner.attendable;
  const [f, setF] = useState({
    date: activity?.date ?? today(),
    start: activity?.start_time ?? '',
    place: activity?.place ?? '',
    minutes: String(activity?.duration_minutes ?? 60),
    mode: activity?.mode ?? 'on_site',
    kind: activity?.kind ?? 'meeting',
    state: activity?.state ?? 'final',
    notes: activity?.notes ?? '',
    outcomes: activity?.outcomes ?? '',
    follow_ups: activity?.follow_ups ?? '',
    evidence: (activity?.evidence ?? []).join('\n'),
  });
  // Whoever logs a new activity most likely attended it: ticked from the start (hours per
  // mentor count only attendees), and easy to untick.
  const me = useSession().user?.id;
  const fresh = (): string[] => (me && people.some((p) => p.person_id === me) ? [me] : []);
  const [attendees, setAttendees] = useState<string[]>(activity ? activity.attendees.map((a) => a.person_id) : fresh);
  const [topics, setTopics] = useState<string[]>(activity?.topics ?? []);
  const [saved, setSaved] = useState(false);
  const set = (k: keyof typeof f) => (e: { target: { value: string } }) => {
    setSaved(false);
    setF({ ...f, [k]: e.target.value });
  };
  const body = () => ({
    relationship_id: owner.relationship_id,
    programme_id: owner.relationship_id ? undefined : owner.programme_id,
    date: f.date,
    start_time: f.start || undefined,
    place: f.place.trim() || undefined,
    duration_minutes: Number(f.minutes),
    mode: f.mode,
    kind: f.kind,
    state: f.state,
    attendees,
    topics,
    notes: f.notes || undefined,
    outcomes: f.outcomes || undefined,
    follow_ups: f.follow_ups || undefined,
    evidence: f.evidence
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean),
  });
  const save = useMutation({
    mutationFn: () => (activity ? mentoringApi.updateActivity(activity, body()) : mentoringApi.logActivity(body())),
    onSuccess: () => {
      // The relationship (and its timeline), the programme's own list, every board and
      // relationship list (hours), and the caller's upcoming activities.
      if (owner.relationship_id) void qc.invalidateQueries({ queryKey: keys.relationships.one(owner.relationship_id) });
      if (owner.programme_id) void qc.invalidateQueries({ queryKey: keys.programmes.activities(owner.programme_id) });
      void qc.invalidateQueries({ queryKey: keys.board.all });
      void qc.invalidateQueries({ queryKey: keys.relationships.lists() });
      void qc.invalidateQueries({ queryKey: keys.activities.all });
      if (!activity) {
        setF({ ...f, start: '', place: '', notes: '', outcomes: '', follow_ups: '', evidence: '' });
        setAttendees(fresh());
        setTopics([]);
      }
      setSaved(true);
      onDone?.();
    },
  });
  const errs = useFieldErrors(save.error);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };
  return (
    <form className="stack quick-activity" onSubmit={submit} noValidate aria-label={t(activity ? 'mentoring.editActivity' : 'mentoring.logActivity')}>
      <div className="grid">
        <Field label={t('mentoring.date')} error={errs.date}>
          {(p) => <input {...p} type="date" value={f.date} onChange={set('date')} />}
        </Field>
        <Field label={t('mentoring.startTime')} error={errs.start_time} hint={t('mentoring.startTimeHint')}>
          {(p) => <input {...p} type="time" value={f.start} onChange={set('start')} />}
        </Field>
        <Field label={t('mentoring.duration')} error={errs.duration_minutes} hint={t('mentoring.durationHint')}>
          {(p) => <input {...p} type="number" inputMode="numeric" min={1} max={1440} value={f.minutes} onChange={set('minutes')} />}
        </Field>
      </div>
      <div className="choice-row" role="group" aria-label={t('mentoring.durationPresets')}>
        {PRESETS.map((m) => (
          <button
            key={m}
            type="button"
            className="secondary"
            aria-pressed={Number(f.minutes) === m}
            onClick={() => {
              setSaved(false);
              setF({ ...f, minutes: String(m) });
            }}
          >
            {t('mentoring.minutes', { count: m })}
          </button>
        ))}
      </div>
      <div className="grid">
        <Field label={t('mentoring.activityKind')} error={errs.kind}>
          {(p) => (
            <select {...p} value={f.kind} onChange={set('kind')}>
              {(vocab.data?.activity_kinds ?? [f.kind]).map((k) => (
                <option key={k} value={k}>
                  {L.activityKind(k)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('mentoring.mode')} error={errs.mode}>
          {(p) => (
            <select {...p} value={f.mode} onChange={(e) => {
                setSaved(false);
                setF({ ...f, mode: oneOf(activityModeValues, e.target.value) });
              }}>
              {activityModeValues.map((m) => (
                <option key={m} value={m}>
                  {L.mode(m)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('mentoring.stateLabel')} error={errs.state} hint={t('mentoring.stateHint')}>
          {(p) => (
            <select {...p} value={f.state} onChange={(e) => {
                setSaved(false);
                setF({ ...f, state: oneOf(activityStateValues, e.target.value) });
              }}>
              {[...activityStateValues].reverse().map((s) => (
                <option key={s} value={s}>
                  {L.state(s)}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      <Field label={t('mentoring.place')} error={errs.place}>
        {(p) => <input {...p} value={f.place} onChange={set('place')} maxLength={200} />}
      </Field>
      {people.length > 0 && (
        <fieldset className="group-picks">
          <legend>{t('mentoring.attendees')}</legend>
          <div className="choice-row">
            {people.map((p) => (
              <label key={p.person_id}>
                <input
                  type="checkbox"
                  checked={attendees.includes(p.person_id)}
                  onChange={(e) =>
                    setAttendees(e.target.checked ? [...attendees, p.person_id] : attendees.filter((x) => x !== p.person_id))
                  }
                />
                {p.name} <span className="hint">({L.role(p.role)})</span>
              </label>
            ))}
          </div>
          {errs.attendees && <p className="field-error">{errs.attendees}</p>}
        </fieldset>
      )}
      <Field label={t('mentoring.notes')} error={errs.notes}>
        {(p) => <textarea {...p} rows={3} value={f.notes} onChange={set('notes')} />}
      </Field>
      <details>
        <summary>{t('mentoring.moreDetails')}</summary>
        <FocusPicker options={vocab.data?.focus ?? []} value={topics} onChange={setTopics} legend={t('mentoring.topics')} error={errs.topics} />
        <Field label={t('mentoring.outcomes')} error={errs.outcomes}>
          {(p) => <textarea {...p} rows={2} value={f.outcomes} onChange={set('outcomes')} />}
        </Field>
        <Field label={t('mentoring.followUps')} error={errs.follow_ups}>
          {(p) => <textarea {...p} rows={2} value={f.follow_ups} onChange={set('follow_ups')} />}
        </Field>
        <Field label={t('mentoring.evidence')} error={errs.evidence} hint={t('mentoring.evidenceHint')}>
          {(p) => <textarea {...p} rows={2} value={f.evidence} onChange={set('evidence')} />}
        </Field>
      </details>
      <div className="row-actions">
        <button type="submit" disabled={save.isPending}>
          {t(activity ? 'common.save' : 'mentoring.logButton')}
        </button>
        {onDone && (
          <button type="button" className="secondary" onClick={onDone}>
            {t('mentoring.cancel')}
          </button>
        )}
      </div>
      {saved && !activity && (
        <p role="status" className="notice ok">
          {t('mentoring.logged')}
        </p>
      )}
      {Object.keys(errs).length === 0 && <ErrorNotice error={save.error} />}
    </form>
  );
}
