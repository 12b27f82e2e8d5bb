import { useTranslation } from 'react-i18next';
import type { Schemas } from '../../lib/api/client';
import { goalStatusValues } from '../../lib/api/schema';
import { oneOf } from '../../lib/enums';
import { Field } from '../../lib/ui';

export type Goal = { text: string; indicator: string; status: Schemas['GoalStatus'] };

/** A relationship's goals, each with its success indicator (and, once it runs, a status). */
export function GoalsEditor({
  goals,
  onChange,
  errors,
  withStatus = false,
}: {
  goals: Goal[];
  onChange: (g: Goal[]) => void;
  errors: Record<string, string>;
  withStatus?: boolean;
}) {
  const { t } = useTranslation();
  const setGoal = (i: number, patch: Partial<Goal>) => onChange(goals.map((g, j) => (i === j ? { ...g, ...patch } : g)));
  return (
    <fieldset className="group-picks">
      <legend>{t('mentoring.goals')}</legend>
      <div className="rows-editor">
        {goals.map((g, i) => (
          <div className="row-editor" key={i} data-testid="goal-editor">
            <Field label={t('mentoring.goal')} error={errors[`goals.${i}.text`]}>
              {(p) => <input {...p} value={g.text} onChange={(e) => setGoal(i, { text: e.target.value })} />}
            </Field>
            <Field label={t('mentoring.indicator')} error={errors[`goals.${i}.indicator`]}>
              {(p) => <input {...p} value={g.indicator} onChange={(e) => setGoal(i, { indicator: e.target.value })} />}
            </Field>
            {withStatus && (
              <Field label={t('mentoring.goalStatusLabel')} error={errors[`goals.${i}.status`]}>
                {(p) => (
                  <select {...p} value={g.status} onChange={(e) => setGoal(i, { status: oneOf(goalStatusValues, e.target.value) })}>
                    {goalStatusValues.map((s) => (
                      <option key={s} value={s}>
                        {t(`mentoring.goalStatus.${s}`)}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
            )}
            {goals.length > 1 || withStatus ? (
              <p>
                <button
                  type="button"
                  className="link-button"
                  onClick={() => onChange(goals.filter((_, j) => j !== i))}
                  aria-label={`${t('mentoring.removeGoal')}: ${g.text || i + 1}`}
                >
                  {t('mentoring.removeGoal')}
                </button>
              </p>
            ) : null}
          </div>
        ))}
      </div>
      <p>
        <button type="button" className="secondary" onClick={() => onChange([...goals, { text: '', indicator: '', status: 'open' }])}>
          {t('mentoring.addGoal')}
        </button>
      </p>
    </fieldset>
  );
}
