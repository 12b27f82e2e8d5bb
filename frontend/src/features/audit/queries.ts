// Every API call of the audit log page.
import { queryOptions } from '@tanstack/react-query';
import { api, unwrap } from '../../lib/api/client';
import { pagedQuery } from '../../lib/paged';
import { keys } from '../../lib/queryKeys';

export type AuditFilters = { actor_id?: string; action?: string; target_kind?: string; from?: string; to?: string };

export const auditQueries = {
  log: (filters: AuditFilters) =>
    pagedQuery(keys.audit.log(filters), async (cursor) =>
      unwrap(await api.GET('/api/v1/audit', { params: { query: { ...filters, cursor, limit: 50 } } })),
    ),
  actors: () =>
    queryOptions({
      queryKey: keys.audit.actors(),
      queryFn: async () => unwrap(await api.GET('/api/v1/audit/actors')),
      staleTime: 60_000,
    }),
};

export const auditApi = {
  /** The log as CSV text, with the same filters as the page. */
  csv: async (filters: AuditFilters) => {
    const res = await api.GET('/api/v1/audit.csv', { params: { query: filters }, parseAs: 'text' });
    return typeof res.data === 'string' ? res.data : null;
  },
};
