// Every API call of the analytics feature: reads as query factories, writes as functions.
import { queryOptions } from '@tanstack/react-query';
import { api, unwrap, type Schemas } from '../../lib/api/client';
import { keys } from '../../lib/queryKeys';

export type ScopeKind = Schemas['ScopeKind'];
export type BucketKind = Schemas['BucketKind'];

/** What a dashboard asks for: a scope, a period of months and the bucket length. */
export interface Period {
  scope: ScopeKind;
  scopeId?: string;
  from: string;
  to: string;
  bucket: BucketKind;
  lang?: string;
}

export const analyticsQueries = {
  catalogue: (lang: string | undefined) =>
    queryOptions({
      queryKey: keys.analytics.catalogue(lang),
      queryFn: async () => unwrap(await api.GET('/api/v1/analytics/indicators', { params: { query: { lang } } })),
    }),
  indicator: (key: string, p: Period) =>
    queryOptions({
      queryKey: keys.analytics.indicator(key, p),
      queryFn: async () =>
        unwrap(
          await api.GET('/api/v1/analytics/indicators/{key}', {
            params: {
              path: { key },
              query: { scope: p.scope, scope_id: p.scopeId, from: p.from, to: p.to, bucket: p.bucket, lang: p.lang },
            },
          }),
        ),
    }),
  growth: (p: Period) =>
    queryOptions({
      queryKey: keys.analytics.growth(p),
      queryFn: async () =>
        unwrap(
          await api.GET('/api/v1/analytics/growth', {
            params: { query: { scope: p.scope, scope_id: p.scopeId, from: p.from, to: p.to, lang: p.lang } },
          }),
        ),
    }),
  cohorts: (p: Period, minWeeks: number, programmeId: string | undefined) =>
    queryOptions({
      queryKey: keys.analytics.cohorts(p, minWeeks, programmeId),
      queryFn: async () =>
        unwrap(
          await api.GET('/api/v1/analytics/cohorts', {
            params: {
              query: {
                scope: p.scope,
                scope_id: p.scopeId,
                from: p.from,
                to: p.to,
                lang: p.lang,
                min_weeks: minWeeks,
                programme_id: programmeId,
              },
            },
          }),
        ),
    }),
};

export const analyticsApi = {
  setTarget: async (key: string, scope: ScopeKind, scopeId: string | undefined, target: number) =>
    unwrap(
      await api.PUT('/api/v1/analytics/targets/{key}', {
        params: { path: { key }, query: { scope, scope_id: scopeId } },
        body: { target },
      }),
    ),
};
