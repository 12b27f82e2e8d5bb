// Queries and formatters shared by the mentoring pages.
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useDates } from '../../lib/dates';
import { directoryQueries } from '../../lib/directory';
import { mentoringQueries } from './queries';

/** A calendar day as the app writes it (`lib/dates`). */
export function useDate() {
  return useDates().day;
}

type HubOption = { id: string; name: string };

export function useHubOptions(ids?: string[]) {
  const hubs = useQuery(directoryQueries.hubOptions());
  const list: HubOption[] = (hubs.data ?? []).filter((h) => !ids || ids.includes(h.id)).map((h) => ({ id: h.id, name: h.name }));
  return list;
}

export function useVocabulary(hubId: string | undefined) {
  const { i18n } = useTranslation();
  return useQuery(mentoringQueries.vocabulary(hubId, i18n.resolvedLanguage));
}

