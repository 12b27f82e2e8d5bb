// Queries and formatters shared by the mentoring pages.
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../lib/api/client';
import { allPages } from '../../lib/allPages';
import { useDates } from '../../lib/dates';

/** A calendar day as the app writes it (`lib/dates`). */
export function useDate() {
  return useDates().day;
}

type HubOption = { id: string; name: string };

export function useHubOptions(ids?: string[]) {
  const hubs = useQuery({
    queryKey: ['hubs', 'all-for-forms'],
    queryFn: () => allPages(async (cursor) => unwrap(await api.GET('/api/v1/hubs', { params: { query: { limit: 200, cursor } } }))),
  });
  const list: HubOption[] = (hubs.data ?? []).filter((h) => !ids || ids.includes(h.id)).map((h) => ({ id: h.id, name: h.name }));
  return list;
}

export function useVocabulary(hubId: string | undefined) {
  const { i18n } = useTranslation();
  return useQuery({
    queryKey: ['mentoring-lists', hubId, i18n.resolvedLanguage],
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/hubs/{id}/mentoring-lists', {
          params: { path: { id: hubId ?? '' }, query: { lang: i18n.resolvedLanguage } },
        }),
      ),
    enabled: !!hubId,
    staleTime: 300_000,
  });
}

