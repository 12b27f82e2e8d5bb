import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Schemas } from '../../lib/api/client';
import { keys } from '../../lib/queryKeys';
import { mentoringApi } from './queries';
import { ErrorNotice, Field, useFieldErrors } from '../../lib/ui';
import { useVocabulary } from './hooks';
import { FocusPicker } from './FocusPicker';
import { GoalsEditor, type Goal } from './GoalsEditor';


/** Those who manage a relationship change its title, rhythm, focus, goals and agreement. */
export function RelationshipEdit({ rel }: { rel: Schemas['RelationshipDto'] }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const vocab = useVocabulary(rel.hub_id);
  const [title, setTitle] = useState(rel.title);
  const [rhythm, setRhythm] = useState(rel.meeting_rhythm ?? '');
  const [agreement, setAgreement] = useState(rel.agreement ?? '');
  const [focus, setFocus] = useState<string[]>(rel.focus);
  const [goals, setGoals] = useState<Goal[]>(rel.goals.map((g) => ({ text: g.text, indicator: g.indicator, status: g.status })));
  const save = useMutation({
    mutationFn: () =>
      mentoringApi.updateRelationship(rel, {
        title,
        meeting_rhythm: rhythm,
        agreement,
        focus,
        goals: goals.filter((g) => g.text.trim() || g.indicator.trim()),
      }),
    onSuccess: (fresh) => {
      qc.setQueryData(keys.relationships.one(rel.id), fresh);
      void qc.invalidateQueries({ queryKey: keys.relationships.lists() });
    },
  });
  const errs = useFieldErrors(save.error);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };
  return (
    <details className="card">
      <summary>
        <strong>{t('mentoring.editRelationship')}</strong>
      </summary>
      <form className="stack" onSubmit={submit} noValidate aria-label={t('mentoring.editRelationship')}>
        <Field label={t('mentoring.relTitle')} error={errs.title}>
          {(p) => <input {...p} value={title} maxLength={200} onChange={(e) => setTitle(e.target.value)} />}
        </Field>
        <Field label={t('mentoring.rhythm')} error={errs.meeting_rhythm}>
          {(p) => <input {...p} value={rhythm} maxLength={200} onChange={(e) => setRhythm(e.target.value)} />}
        </Field>
        <FocusPicker options={vocab.data?.focus ?? []} value={focus} onChange={setFocus} legend={t('mentoring.focus')} error={errs.focus} />
        <GoalsEditor goals={goals} onChange={setGoals} errors={errs} withStatus />
        <Field label={t('mentoring.agreement')} error={errs.agreement}>
          {(p) => <textarea {...p} rows={3} value={agreement} onChange={(e) => setAgreement(e.target.value)} />}
        </Field>
        <div className="row-actions">
          <button type="submit" disabled={save.isPending}>
            {t('common.save')}
          </button>
          {save.isSuccess && (
            <span className="notice ok" role="status">
              {t('common.saved')}
            </span>
          )}
        </div>
        {Object.keys(errs).length === 0 && <ErrorNotice error={save.error} />}
      </form>
    </details>
  );
}
