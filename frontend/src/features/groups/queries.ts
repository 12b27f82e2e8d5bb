// Every API call of the teacher groups feature: reads as query factories, writes as functions.
import { queryOptions } from '@tanstack/react-query';
import { api, unwrap, type Schemas } from '../../lib/api/client';
import { keys } from '../../lib/queryKeys';

export const groupQueries = {
  mine: () =>
    queryOptions({
      queryKey: keys.groups.list(),
      queryFn: async () => unwrap(await api.GET('/api/v1/teacher-groups')),
    }),
  one: (id: string) =>
    queryOptions({
      queryKey: keys.groups.one(id),
      queryFn: async () => unwrap(await api.GET('/api/v1/teacher-groups/{id}', { params: { path: { id } } })),
    }),
  report: (id: string, lang: string | undefined) =>
    queryOptions({
      queryKey: keys.groups.report(id, lang),
      queryFn: async () => unwrap(await api.GET('/api/v1/teacher-groups/{id}/report', { params: { path: { id }, query: { lang } } })),
    }),
};

export const groupApi = {
  create: async (body: Schemas['GroupCreate']) => unwrap(await api.POST('/api/v1/teacher-groups', { body })),
  respond: async (id: string, accept: boolean) =>
    unwrap(await api.PUT('/api/v1/teacher-groups/{id}/membership', { params: { path: { id } }, body: { accept } })),
  invite: async (id: string, email: string) => unwrap(await api.POST('/api/v1/teacher-groups/{id}/members', { params: { path: { id } }, body: { email } })),
};
