import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import type { Schemas } from '../../lib/api/client';
import { keys } from '../../lib/queryKeys';
import { mentoringApi } from './queries';
import { participantRoleValues, relationshipKindValues } from '../../lib/api/schema';
import { oneOf } from '../../lib/enums';
import { ErrorNotice, Field, useFieldErrors } from '../../lib/ui';
import { useMentoringLabels } from './labels';
import { useHubOptions, useVocabulary } from './hooks';
import { FocusPicker } from './FocusPicker';
import { GoalsEditor, type Goal } from './GoalsEditor';
import { directoryQueries } from '../../lib/directory';

type Role = Schemas['ParticipantRole'];
type Kind = Schemas['RelationshipKind'];
type Part = { who: 'school' | 'person'; school_id: string; email: string; role: Role };

function defaults(kind: Kind): Part[] {
  const p = (who: Part['who'], role: Role): Part => ({ who, role, school_id: '', email: '' });
  switch (kind) {
    case 'school_to_school':
      return [p('school', 'mentor'), p('school', 'mentee')];
    case 'expert_to_school':
      return [p('person', 'mentor'), p('school', 'mentee')];
    case 'peer_group':
      return [p('person', 'peer'), p('person', 'peer'), p('person', 'peer')];
    default:
      return [p('person', 'mentor'), p('person', 'mentee')];
  }
}

/**
 * Set up a relationship: in a programme (its enrolled schools), or standalone in one of
 * the given hubs (the hub's schools).
 */
export function RelationshipForm({
  hubs,
  programme,
}: {
  hubs?: string[];
  programme?: { id: string; hub_id: string; schools: { school_id: string; school_name: string; approval: string }[] };
}) {
  const { t } = useTranslation();
  const L = useMentoringLabels();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const hubOptions = useHubOptions(hubs);
  const [hubId, setHubId] = useState('');
  const hub = programme?.hub_id ?? (hubId || hubOptions[0]?.id || '');
  const vocab = useVocabulary(hub || undefined);
  const hubSchools = useQuery({ ...directoryQueries.schoolOptions(hub), enabled: !programme && !!hub });
  const schools = programme
    ? programme.schools.filter((s) => s.approval === 'approved').map((s) => ({ id: s.school_id, name: s.school_name }))
    : (hubSchools.data ?? []).map((s) => ({ id: s.id, name: s.name }));
  const [open, setOpen] = useState(false);
  const [kind, setKind] = useState<Kind>('school_to_school');
  const [title, setTitle] = useState('');
  const [rhythm, setRhythm] = useState('');
  const [agreement, setAgreement] = useState('');
  const [focus, setFocus] = useState<string[]>([]);
  const [parts, setParts] = useState<Part[]>(defaults('school_to_school'));
  const [goals, setGoals] = useState<Goal[]>([{ text: '', indicator: '', status: 'open' }]);
  const create = useMutation({
    mutationFn: () =>
      mentoringApi.createRelationship({
        programme_id: programme?.id,
        hub_id: programme ? undefined : hub,
        kind,
        title,
        focus,
        meeting_rhythm: rhythm || undefined,
        agreement: agreement || undefined,
        participants: parts.map((p) =>
          p.who === 'school' ? { school_id: p.school_id || schools[0]?.id, role: p.role } : { email: p.email.trim(), role: p.role },
        ),
        goals: goals.filter((g) => g.text.trim() || g.indicator.trim()),
      }),
    onSuccess: (r) => {
      void qc.invalidateQueries({ queryKey: keys.relationships.lists() });
      void qc.invalidateQueries({ queryKey: keys.board.all });
      void navigate(`/mentoring/relationships/${r.id}`);
    },
  });
  const errs = useFieldErrors(create.error);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate();
  };
  const setPart = (i: number, patch: Partial<Part>) => setParts(parts.map((p, j) => (i === j ? { ...p, ...patch } : p)));
  if (!open)
    return (
      <p>
        <button type="button" onClick={() => setOpen(true)} aria-expanded={false}>
          {t('mentoring.newRelationship')}
        </button>
      </p>
    );
  return (
    <form className="card" onSubmit={submit} noValidate aria-label={t('mentoring.newRelationship')}>
      <h3>{t('mentoring.newRelationship')}</h3>
      <div className="grid">
        {!programme && (
          <Field label={t('mentoring.hub')} error={errs.hub_id}>
            {(p) => (
              <select {...p} value={hub} onChange={(e) => setHubId(e.target.value)}>
                {hubOptions.map((h) => (
                  <option key={h.id} value={h.id}>
                    {h.name}
                  </option>
                ))}
              </select>
            )}
          </Field>
        )}
        <Field label={t('mentoring.kind')} error={errs.kind}>
          {(p) => (
            <select
              {...p}
              value={kind}
              onChange={(e) => {
                const k = oneOf(relationshipKindValues, e.target.value);
                setKind(k);
                setParts(defaults(k));
              }}
            >
              {relationshipKindValues.map((k) => (
                <option key={k} value={k}>
                  {L.kind(k)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('mentoring.relTitle')} error={errs.title}>
          {(p) => <input {...p} value={title} onChange={(e) => setTitle(e.target.value)} />}
        </Field>
        <Field label={t('mentoring.rhythm')} error={errs.meeting_rhythm} hint={t('mentoring.rhythmHint')}>
          {(p) => <input {...p} value={rhythm} onChange={(e) => setRhythm(e.target.value)} />}
        </Field>
      </div>
      <fieldset className="group-picks">
        <legend>{t('mentoring.participants')}</legend>
        <div className="rows-editor">
          {parts.map((x, i) => (
            <div className="row-editor" key={i}>
              <Field label={t('mentoring.participantType')}>
                {(p) => (
                  <select {...p} value={x.who} onChange={(e) => setPart(i, { who: e.target.value as Part['who'] })}>
                    <option value="school">{t('mentoring.aSchool')}</option>
                    <option value="person">{t('mentoring.aPerson')}</option>
                  </select>
                )}
              </Field>
              {x.who === 'school' ? (
                <Field label={t('mentoring.school')} error={errs[`participants.${i}`]}>
                  {(p) => (
                    <select {...p} value={x.school_id || schools[0]?.id || ''} onChange={(e) => setPart(i, { school_id: e.target.value })}>
                      {schools.map((s) => (
                        <option key={s.id} value={s.id}>
                          {s.name}
                        </option>
                      ))}
                    </select>
                  )}
                </Field>
              ) : (
                <Field label={t('mentoring.email')} error={errs[`participants.${i}`] ?? errs[`participants.${i}.email`]}>
                  {(p) => <input {...p} type="email" autoComplete="off" value={x.email} onChange={(e) => setPart(i, { email: e.target.value })} />}
                </Field>
              )}
              <Field label={t('mentoring.role')}>
                {(p) => (
                  <select {...p} value={x.role} onChange={(e) => setPart(i, { role: oneOf(participantRoleValues, e.target.value) })}>
                    {participantRoleValues.map((r) => (
                      <option key={r} value={r}>
                        {L.role(r)}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
              <button type="button" className="secondary" onClick={() => setParts(parts.filter((_, j) => j !== i))}>
                {t('mentoring.remove')}
              </button>
            </div>
          ))}
        </div>
        {errs.participants && <p className="field-error">{errs.participants}</p>}
        <p>
          <button type="button" className="secondary" onClick={() => setParts([...parts, { who: 'person', role: 'mentee', school_id: '', email: '' }])}>
            {t('mentoring.addParticipant')}
          </button>
        </p>
      </fieldset>
      <FocusPicker options={vocab.data?.focus ?? []} value={focus} onChange={setFocus} legend={t('mentoring.focus')} />
      <GoalsEditor goals={goals} onChange={setGoals} errors={errs} />
      <Field label={t('mentoring.agreement')} error={errs.agreement}>
        {(p) => <textarea {...p} rows={3} value={agreement} onChange={(e) => setAgreement(e.target.value)} />}
      </Field>
      <div className="row-actions">
        <button type="submit" disabled={create.isPending}>
          {t('mentoring.createRelationship')}
        </button>
        <button type="button" className="secondary" onClick={() => setOpen(false)}>
          {t('mentoring.cancel')}
        </button>
      </div>
      <ErrorNotice error={create.error} />
    </form>
  );
}
