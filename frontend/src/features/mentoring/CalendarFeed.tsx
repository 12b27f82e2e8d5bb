import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { keys } from '../../lib/queryKeys';
import { mentoringApi, mentoringQueries } from './queries';
import { ErrorNotice } from '../../lib/ui';

/** A secret calendar feed of one's planned activities and course sessions. */
export function CalendarFeed() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [url, setUrl] = useState<string | null>(null);
  const status = useQuery(mentoringQueries.calendarFeed());
  const make = useMutation({
    mutationFn: () => mentoringApi.makeCalendarFeed(),
    onSuccess: (f) => {
      setUrl(f.path ? `${window.location.origin}${f.path}` : null);
      void qc.invalidateQueries({ queryKey: keys.me.calendarFeed() });
    },
  });
  const revoke = useMutation({
    mutationFn: () => mentoringApi.revokeCalendarFeed(),
    onSuccess: () => {
      setUrl(null);
      void qc.invalidateQueries({ queryKey: keys.me.calendarFeed() });
    },
  });
  if (status.error) return <ErrorNotice error={status.error} />;
  if (!status.data) return null;
  return (
    <div className="card">
      <h2>{t('calendar.title')}</h2>
      <p className="hint">{t('calendar.intro')}</p>
      {url && (
        <>
          <p>{t('calendar.copy')}</p>
          <p className="copy-box" data-testid="calendar-url">
            {url}
          </p>
        </>
      )}
      {!url && status.data.active && <p>{t('calendar.active')}</p>}
      <div className="row-actions">
        <button type="button" className={status.data.active ? 'secondary' : ''} onClick={() => make.mutate()} disabled={make.isPending}>
          {t(status.data.active ? 'calendar.renew' : 'calendar.make')}
        </button>
        {status.data.active && (
          <button type="button" className="secondary" onClick={() => revoke.mutate()} disabled={revoke.isPending}>
            {t('calendar.revoke')}
          </button>
        )}
      </div>
      <ErrorNotice error={make.error ?? revoke.error} />
    </div>
  );
}
