// Every API call of the notifications feature.
import { queryOptions } from '@tanstack/react-query';
import { api, unwrap } from '../../lib/api/client';
import { keys } from '../../lib/queryKeys';

export const notificationQueries = {
  mine: () =>
    queryOptions({
      queryKey: keys.notifications.all,
      queryFn: async () => unwrap(await api.GET('/api/v1/notifications')),
      refetchInterval: 60_000,
    }),
};

export const notificationApi = {
  /** Mark these (or, without ids, all) as read; answers the fresh list. */
  markRead: async (ids?: string[]) => unwrap(await api.POST('/api/v1/notifications/read', { body: { ids } })),
};
