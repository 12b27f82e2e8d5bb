// Every API call of the instruments feature: reads as query factories, writes as functions.
import { queryOptions } from '@tanstack/react-query';
import { api, unwrap, type Schemas } from '../../lib/api/client';
import { keys } from '../../lib/queryKeys';

export const instrumentQueries = {
  list: (lang: string | undefined) =>
    queryOptions({
      queryKey: keys.instruments.list(lang),
      queryFn: async () => unwrap(await api.GET('/api/v1/instruments', { params: { query: { lang } } })),
    }),
  version: (key: string, version: string, lang: string | undefined) =>
    queryOptions({
      queryKey: keys.instruments.version(key, version, lang),
      queryFn: async () => unwrap(await api.GET('/api/v1/instruments/{key}/versions/{version}', { params: { path: { key, version }, query: { lang } } })),
    }),
};

export const instrumentApi = {
  publish: async (body: Schemas['PublishInstrument']) => unwrap(await api.POST('/api/v1/instruments', { body })),
  setTextStatus: async (key: string, v: { version: string; language: string; status: Schemas['ReviewStatus']; etag: number }) =>
    unwrap(
      await api.PATCH('/api/v1/instruments/{key}/versions/{version}/texts/{language}', {
        params: { path: { key, version: v.version, language: v.language }, header: { 'If-Match': `"v${v.etag}"` } },
        body: { status: v.status },
      }),
    ),
};
