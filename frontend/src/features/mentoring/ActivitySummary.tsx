import { useTranslation } from 'react-i18next';
import type { Schemas } from '../../lib/api/client';
import { useDate, useVocabulary } from './hooks';
import { useMentoringLabels } from './labels';

/** What was done: the lines every activity list shows (date, kind, time, who, topics, notes). */
export function ActivitySummary({ activity: a, hubId }: { activity: Schemas['ActivityDto']; hubId: string }) {
  const { t } = useTranslation();
  const L = useMentoringLabels();
  const date = useDate();
  const vocab = useVocabulary(hubId);
  const topicTitle = (k: string) => vocab.data?.focus.find((f) => f.key === k)?.title ?? k;
  return (
    <>
      <p>
        <strong>
          {date(a.date)}
          {a.start_time && <> {a.start_time}</>} · {L.activityKind(a.kind)}
        </strong>{' '}
        · {t('mentoring.minutes', { count: a.duration_minutes })} · {L.mode(a.mode)} · <em>{L.state(a.state)}</em>
      </p>
      {a.place && (
        <p className="hint">
          {t('mentoring.place')}: {a.place}
        </p>
      )}
      {a.attendees.length > 0 && (
        <p className="hint">
          {t('mentoring.attendees')}: {a.attendees.map((x) => x.name).join(', ')}
        </p>
      )}
      {a.topics.length > 0 && (
        <p className="hint">
          {t('mentoring.topics')}: {a.topics.map(topicTitle).join(', ')}
        </p>
      )}
      {a.notes && <p>{a.notes}</p>}
      {a.outcomes && (
        <p>
          <strong>{t('mentoring.outcomes')}:</strong> {a.outcomes}
        </p>
      )}
      {a.follow_ups && (
        <p>
          <strong>{t('mentoring.followUps')}:</strong> {a.follow_ups}
        </p>
      )}
      {a.evidence.length > 0 && (
        <ul className="chips">
          {a.evidence.map((l) => (
            <li key={l} className="chip">
              <a href={l} rel="noopener noreferrer" target="_blank">
                {new URL(l).hostname}
              </a>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
