// Directory reads several features share: a hub, a school, and the pickers of hubs, schools
// and organisations (every item the caller may see, page after page with `allPages`).
import { queryOptions } from '@tanstack/react-query';
import { api, unwrap } from './api/client';
import { allPages } from './allPages';
import { keys } from './queryKeys';

export const directoryQueries = {
  hub: (id: string) =>
    queryOptions({
      queryKey: keys.hubs.one(id),
      queryFn: async () => unwrap(await api.GET('/api/v1/hubs/{id}', { params: { path: { id } } })),
      enabled: !!id,
    }),
  school: (id: string) =>
    queryOptions({
      queryKey: keys.schools.one(id),
      queryFn: async () => unwrap(await api.GET('/api/v1/schools/{id}', { params: { path: { id } } })),
      enabled: !!id,
    }),
  hubOptions: () =>
    queryOptions({
      queryKey: keys.hubs.options(),
      queryFn: () => allPages(async (cursor) => unwrap(await api.GET('/api/v1/hubs', { params: { query: { limit: 200, cursor } } }))),
      staleTime: 60_000,
    }),
  /** The schools of one hub, or (no hub) every school the caller sees. */
  schoolOptions: (hubId?: string) =>
    queryOptions({
      queryKey: keys.schools.options(hubId),
      queryFn: () =>
        allPages(async (cursor) => unwrap(await api.GET('/api/v1/schools', { params: { query: { hub_id: hubId, limit: 200, cursor } } }))),
    }),
  organisationOptions: () =>
    queryOptions({
      queryKey: keys.organisations.options(),
      queryFn: () => allPages(async (cursor) => unwrap(await api.GET('/api/v1/organisations', { params: { query: { limit: 200, cursor } } }))),
    }),
};
