import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { keys } from '../../lib/queryKeys';
import { notificationApi, notificationQueries } from './queries';
import { ErrorNotice, PageHeader, QueryState } from '../../lib/ui';
import { useDates } from '../../lib/dates';

export function useNotifications() {
  return useQuery(notificationQueries.mine());
}

/** What happened in my mentoring: newest first; opening one marks it read. */
export function NotificationsPage() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const n = useNotifications();
  const read = useMutation({
    mutationFn: (ids?: string[]) => notificationApi.markRead(ids),
    onSuccess: (data) => qc.setQueryData(keys.notifications.all, data),
  });
  const dates = useDates();
  return (
    <section>
      <PageHeader title={t('notifications.title')}>
        {(n.data?.unread ?? 0) > 0 && (
          <button type="button" className="secondary" onClick={() => read.mutate(undefined)} disabled={read.isPending}>
            {t('notifications.markAll')}
          </button>
        )}
      </PageHeader>
      <QueryState isLoading={n.isLoading} error={n.error} isEmpty={n.data?.items.length === 0} emptyText={t('notifications.empty')}>
        <ul className="plain-list notifications">
          {n.data?.items.map((x) => (
            <li key={x.id} className={x.read_at ? '' : 'unread'}>
              <Link to={x.link} onClick={() => !x.read_at && read.mutate([x.id])}>
                {t(`notifications.kinds.${x.kind}`, { title: x.title, defaultValue: x.title })}
              </Link>
              <span className="hint">
                {' '}
                · {dates.moment(x.created_at)}
                {!x.read_at && <> · {t('notifications.new')}</>}
              </span>
            </li>
          ))}
        </ul>
      </QueryState>
      <ErrorNotice error={read.error} />
    </section>
  );
}
