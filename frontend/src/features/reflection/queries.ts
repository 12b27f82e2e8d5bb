// Every API call of the self-reflection feature: reads as query factories, writes as functions.
import { queryOptions } from '@tanstack/react-query';
import { api, unwrap, type Schemas } from '../../lib/api/client';
import { resultOf } from '../../lib/answerQueue';
import { pagedQuery } from '../../lib/paged';
import { keys } from '../../lib/queryKeys';

export const reflectionQueries = {
  mine: () =>
    pagedQuery(keys.reflections.list(), async (cursor) => unwrap(await api.GET('/api/v1/reflections', { params: { query: { cursor, limit: 50 } } }))),
  one: (id: string, lang: string | undefined) =>
    queryOptions({
      queryKey: keys.reflections.one(id, lang),
      queryFn: async () => unwrap(await api.GET('/api/v1/reflections/{id}', { params: { path: { id }, query: { lang } } })),
    }),
  report: (id: string, lang: string | undefined) =>
    queryOptions({
      queryKey: keys.reflections.report(id, lang),
      queryFn: async () => unwrap(await api.GET('/api/v1/reflections/{id}/report', { params: { path: { id }, query: { lang } } })),
    }),
  shareCandidates: (q: string) =>
    queryOptions({
      queryKey: keys.shares.candidates(q),
      queryFn: async () => unwrap(await api.GET('/api/v1/reflection-shares/candidates', { params: { query: { q: q || undefined } } })),
    }),
  sharesGiven: () =>
    queryOptions({
      queryKey: keys.shares.given(),
      queryFn: async () => unwrap(await api.GET('/api/v1/reflection-shares')),
    }),
  sharesIncoming: () =>
    queryOptions({
      queryKey: keys.shares.incoming(),
      queryFn: async () => unwrap(await api.GET('/api/v1/reflection-shares/incoming')),
    }),
};

export const reflectionApi = {
  start: async (lang: string | undefined) => unwrap(await api.POST('/api/v1/reflections', { params: { query: { lang } }, body: {} })),
  /** Autosave one answer; answers how the answer queue should treat the outcome. */
  saveAnswer: async (id: string, item: string, value: string) => {
    const res = await api.PUT('/api/v1/reflections/{id}/answers/{item_key}', { params: { path: { id, item_key: item } }, body: { value } });
    return resultOf(res.response.status);
  },
  submit: async (id: string, lang: string | undefined) =>
    unwrap(await api.POST('/api/v1/reflections/{id}/submit', { params: { path: { id }, query: { lang } } })),
  agree: async (id: string, area: string, body: Schemas['AgreedPut']) =>
    unwrap(await api.PUT('/api/v1/reflections/{id}/agreed/{area_key}', { params: { path: { id, area_key: area } }, body })),
  share: async (body: Schemas['ShareCreate']) => unwrap(await api.POST('/api/v1/reflection-shares', { body })),
  revokeShare: async (id: string) => unwrap(await api.DELETE('/api/v1/reflection-shares/{id}', { params: { path: { id } } })),
};
