import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Schemas } from '../../lib/api/client';
import { keys } from '../../lib/queryKeys';
import { mentoringApi, mentoringQueries } from './queries';
import { ErrorNotice, QueryState } from '../../lib/ui';
import { ActivityForm, type ActivityOwner } from './ActivityForm';
import { ActivitySummary } from './ActivitySummary';

/** A programme's own activities: events for all its schools (a webinar, a network day). */
export function ProgrammeActivities({ programme }: { programme: Schemas['ProgrammeDto'] }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [editing, setEditing] = useState<string | null>(null);
  const list = useQuery(mentoringQueries.programmeActivities(programme.id));
  const del = useMutation({
    mutationFn: (id: string) => mentoringApi.deleteActivity(id),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: keys.programmes.activities(programme.id) });
      void qc.invalidateQueries({ queryKey: keys.board.one(programme.id) });
    },
  });
  const d = list.data;
  const owner: ActivityOwner = { programme_id: programme.id, hub_id: programme.hub_id, attendable: d?.attendable ?? [] };
  return (
    <>
      <h2 id="programme-activities">{t('mentoring.programmeActivities')}</h2>
      <p className="hint">{t('mentoring.programmeActivitiesHint')}</p>
      <QueryState isLoading={list.isLoading} error={list.error} retry={() => void list.refetch()}>
        {d && (
          <>
            {d.can_log && (
              <details className="card">
                <summary>
                  <strong>{t('mentoring.logProgrammeActivity')}</strong>
                </summary>
                <ActivityForm owner={owner} />
              </details>
            )}
            {d.items.length === 0 ? (
              <p className="state empty">{t('mentoring.noProgrammeActivities')}</p>
            ) : (
              <ul className="timeline" aria-labelledby="programme-activities">
                {d.items.map((a) => (
                  <li key={a.id} className={a.state}>
                    <ActivitySummary activity={a} hubId={programme.hub_id} />
                    <p className="hint">{t('mentoring.loggedBy', { name: a.author_name })}</p>
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
                    {editing === a.id && <ActivityForm owner={owner} activity={a} onDone={() => setEditing(null)} />}
                  </li>
                ))}
              </ul>
            )}
            <ErrorNotice error={del.error} />
          </>
        )}
      </QueryState>
    </>
  );
}
