// Every API call of the people feature: reads as query factories, writes as functions.
import { queryOptions } from '@tanstack/react-query';
import { api, unwrap, type Schemas } from '../../lib/api/client';
import { pagedQuery } from '../../lib/paged';
import { keys } from '../../lib/queryKeys';

export const peopleQueries = {
  list: (f: { q: string; role: Schemas['Role'] | '' }) =>
    pagedQuery(keys.people.list(f), async (cursor) =>
      unwrap(await api.GET('/api/v1/people', { params: { query: { q: f.q || undefined, role: f.role || undefined, cursor, limit: 50 } } })),
    ),
  one: (id: string) =>
    queryOptions({
      queryKey: keys.people.one(id),
      queryFn: async () => unwrap(await api.GET('/api/v1/people/{id}', { params: { path: { id } } })),
    }),
  /** Invitations not yet accepted, page by page. */
  invitations: () =>
    pagedQuery(keys.invitations.pending(), async (cursor) => unwrap(await api.GET('/api/v1/invitations', { params: { query: { cursor, limit: 50 } } }))),
};

export const peopleApi = {
  invite: async (body: Schemas['InvitationCreate']) => unwrap(await api.POST('/api/v1/invitations', { body })),
  withdrawInvitation: async (id: string) => unwrap(await api.DELETE('/api/v1/invitations/{id}', { params: { path: { id } } })),
  grant: async (id: string, body: Schemas['GrantCreate']) => unwrap(await api.POST('/api/v1/people/{id}/grants', { params: { path: { id } }, body })),
  revoke: async (id: string, grantId: string) =>
    unwrap(await api.DELETE('/api/v1/people/{id}/grants/{grant_id}', { params: { path: { id, grant_id: grantId } } })),
  setActive: async (id: string, active: boolean) =>
    unwrap(
      active
        ? await api.POST('/api/v1/people/{id}/reactivate', { params: { path: { id } } })
        : await api.POST('/api/v1/people/{id}/deactivate', { params: { path: { id } } }),
    ),
  passwordResetLink: async (id: string) => unwrap(await api.POST('/api/v1/people/{id}/password-reset', { params: { path: { id } } })),
};
