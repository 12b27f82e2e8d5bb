// Every API call of the hubs feature: reads as query factories, writes as functions.
import { queryOptions } from '@tanstack/react-query';
import { api, unwrap, type Schemas } from '../../lib/api/client';
import { pagedQuery } from '../../lib/paged';
import { keys } from '../../lib/queryKeys';

export const hubQueries = {
  list: (q: string) =>
    pagedQuery(keys.hubs.list(q), async (cursor) =>
      unwrap(await api.GET('/api/v1/hubs', { params: { query: { q: q || undefined, cursor, limit: 50 } } })),
    ),
  organisations: (id: string) =>
    queryOptions({
      queryKey: keys.hubs.organisations(id),
      queryFn: async () => unwrap(await api.GET('/api/v1/hubs/{id}/organisations', { params: { path: { id } } })),
    }),
  overview: (id: string, lang: string | undefined) =>
    queryOptions({
      queryKey: keys.hubs.overview(id, lang),
      queryFn: async () => unwrap(await api.GET('/api/v1/hubs/{id}/overview', { params: { path: { id }, query: { lang } } })),
    }),
};

export const hubApi = {
  create: async (body: Schemas['HubCreate']) => unwrap(await api.POST('/api/v1/hubs', { body })),
  update: async (hub: { id: string; version: number }, body: Schemas['HubPatch']) =>
    unwrap(await api.PATCH('/api/v1/hubs/{id}', { params: { path: { id: hub.id }, header: { 'If-Match': `"v${hub.version}"` } }, body })),
  remove: async (id: string) => unwrap(await api.DELETE('/api/v1/hubs/{id}', { params: { path: { id } } })),
  linkOrganisation: async (id: string, body: Schemas['HubOrganisationCreate']) =>
    unwrap(await api.POST('/api/v1/hubs/{id}/organisations', { params: { path: { id } }, body })),
  unlinkOrganisation: async (id: string, linkId: string) =>
    unwrap(await api.DELETE('/api/v1/hubs/{id}/organisations/{link_id}', { params: { path: { id, link_id: linkId } } })),
};
