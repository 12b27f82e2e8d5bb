// Every API call of the schools feature: reads as query factories, writes as functions.
import { api, unwrap, type Schemas } from '../../lib/api/client';
import { pagedQuery } from '../../lib/paged';
import { keys } from '../../lib/queryKeys';

export type SchoolFilters = { q: string; hubId: string; kind: string };

export const schoolQueries = {
  list: (f: SchoolFilters) =>
    pagedQuery(keys.schools.list(f), async (cursor) =>
      unwrap(
        await api.GET('/api/v1/schools', {
          params: {
            query: {
              q: f.q || undefined,
              hub_id: f.hubId || undefined,
              kind: (f.kind || undefined) as Schemas['SchoolKind'] | undefined,
              cursor,
              limit: 50,
            },
          },
        }),
      ),
    ),
};

export const schoolApi = {
  create: async (body: Schemas['SchoolCreate']) => unwrap(await api.POST('/api/v1/schools', { body })),
  update: async (school: { id: string; version: number }, body: Schemas['SchoolPatch']) =>
    unwrap(await api.PATCH('/api/v1/schools/{id}', { params: { path: { id: school.id }, header: { 'If-Match': `"v${school.version}"` } }, body })),
  remove: async (id: string) => unwrap(await api.DELETE('/api/v1/schools/{id}', { params: { path: { id } } })),
};
