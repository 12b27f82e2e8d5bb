// Every API call of the analytics feature: reads as query factories, writes as functions.
import { queryOptions, type QueryClient } from '@tanstack/react-query';
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
  /** Only some of the scope's schools (not for indicators of hubs and programmes). */
  country?: string;
  schoolKind?: Schemas['SchoolKind'];
  language?: string;
}

/** Weeks of mentoring before a teacher or school counts as mentored, and the respondent
 * group of readiness change, when the reader has not chosen others (the server's defaults
 * for a dashboard's combined payload). */
export const DEFAULT_MIN_WEEKS = 8;
export const DEFAULT_GROUP: Schemas['RespondentGroup'] = 'teacher';

/** The programme whose mentee schools count as mentored: a programme scope's own. */
export const programmeOf = (p: Period) => (p.scope === 'programme' ? p.scopeId : undefined);

/** The school filters of a period, as query parameters. */
const filters = (p: Period) => ({ country: p.country, school_kind: p.schoolKind, language: p.language });

export const analyticsQueries = {
  catalogue: (lang: string | undefined) =>
    queryOptions({
      queryKey: keys.analytics.catalogue(lang),
      queryFn: async () => unwrap(await api.GET('/api/v1/analytics/indicators', { params: { query: { lang } } })),
    }),
  indicator: (key: string, p: Period, schoolFilters = true) =>
    queryOptions({
      queryKey: keys.analytics.indicator(key, schoolFilters ? p : { ...p, country: undefined, schoolKind: undefined, language: undefined }),
      queryFn: async () =>
        unwrap(
          await api.GET('/api/v1/analytics/indicators/{key}', {
            params: {
              path: { key },
              query: {
                scope: p.scope,
                scope_id: p.scopeId,
                from: p.from,
                to: p.to,
                bucket: p.bucket,
                lang: p.lang,
                ...(schoolFilters ? filters(p) : {}),
              },
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
            params: { query: { scope: p.scope, scope_id: p.scopeId, from: p.from, to: p.to, lang: p.lang, ...filters(p) } },
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
                ...filters(p),
              },
            },
          }),
        ),
    }),
  /** A whole dashboard in one request. Its parts are put in the cache under the keys of
   * their own queries, so the panels show them without asking again, and ask on their own
   * only when the reader changes a panel's parameters. */
  dashboard: (p: Period, catalogue: Schemas['IndicatorInfoDto'][], qc: QueryClient) =>
    queryOptions({
      queryKey: keys.analytics.dashboard(p),
      queryFn: async () => {
        const d = unwrap(
          await api.GET('/api/v1/analytics/dashboard', {
            params: {
              query: { scope: p.scope, scope_id: p.scopeId, from: p.from, to: p.to, bucket: p.bucket, lang: p.lang, ...filters(p) },
            },
          }),
        );
        for (const i of d.indicators) {
          const schoolFilters = catalogue.find((c) => c.key === i.key)?.school_filters ?? true;
          qc.setQueryData(analyticsQueries.indicator(i.key, p, schoolFilters).queryKey, i);
        }
        qc.setQueryData(analyticsQueries.growth(p).queryKey, d.growth);
        qc.setQueryData(analyticsQueries.cohorts(p, DEFAULT_MIN_WEEKS, programmeOf(p)).queryKey, d.cohorts);
        qc.setQueryData(analyticsQueries.readiness(p, DEFAULT_GROUP, DEFAULT_MIN_WEEKS, programmeOf(p)).queryKey, d.readiness);
        qc.setQueryData(analyticsQueries.schoolHours(p).queryKey, d.school_hours);
        qc.setQueryData(analyticsQueries.activities(p).queryKey, d.activities);
        qc.setQueryData(analyticsQueries.responseRates(p).queryKey, d.response_rates);
        qc.setQueryData(analyticsQueries.relationships(p).queryKey, d.relationships);
        qc.setQueryData(analyticsQueries.planGoals(p).queryKey, d.plan_goals);
        return d;
      },
    }),
  /** An indicator side by side: the platform's hubs, a hub's or programme's schools, or a
   * school against its hub's quartiles. */
  comparison: (key: string, p: Period, schoolFilters = true) =>
    queryOptions({
      queryKey: keys.analytics.comparison(key, schoolFilters ? p : { ...p, country: undefined, schoolKind: undefined, language: undefined }),
      queryFn: async () =>
        unwrap(
          await api.GET('/api/v1/analytics/indicators/{key}/comparison', {
            params: {
              path: { key },
              query: {
                scope: p.scope,
                scope_id: p.scopeId,
                from: p.from,
                to: p.to,
                bucket: p.bucket,
                lang: p.lang,
                ...(schoolFilters ? filters(p) : {}),
              },
            },
          }),
        ),
    }),
  /** Activities by kind and mode: they belong to hubs and programmes (no school filters). */
  activities: (p: Period) =>
    queryOptions({
      queryKey: keys.analytics.activities({ ...p, country: undefined, schoolKind: undefined, language: undefined, lang: undefined }),
      queryFn: async () =>
        unwrap(
          await api.GET('/api/v1/analytics/activities', {
            params: { query: { scope: p.scope, scope_id: p.scopeId, from: p.from, to: p.to, bucket: p.bucket } },
          }),
        ),
    }),
  /** Readiness campaigns' response rates per group against the expected sizes. */
  responseRates: (p: Period) =>
    queryOptions({
      queryKey: keys.analytics.responseRates({ ...p, lang: undefined }),
      queryFn: async () =>
        unwrap(
          await api.GET('/api/v1/analytics/response-rates', {
            params: { query: { scope: p.scope, scope_id: p.scopeId, from: p.from, to: p.to, bucket: p.bucket, ...filters(p) } },
          }),
        ),
    }),
  /** Relationships by structure and status: of hubs and programmes (no school filters). */
  relationships: (p: Period) =>
    queryOptions({
      queryKey: keys.analytics.relationships({ ...p, country: undefined, schoolKind: undefined, language: undefined, lang: undefined }),
      queryFn: async () =>
        unwrap(
          await api.GET('/api/v1/analytics/relationships', {
            params: { query: { scope: p.scope, scope_id: p.scopeId, from: p.from, to: p.to, bucket: p.bucket } },
          }),
        ),
    }),
  /** Development-plan goals set, measured and reached (the school filters apply). */
  planGoals: (p: Period) =>
    queryOptions({
      queryKey: keys.analytics.planGoals({ ...p, lang: undefined }),
      queryFn: async () =>
        unwrap(
          await api.GET('/api/v1/analytics/plan-goals', {
            params: { query: { scope: p.scope, scope_id: p.scopeId, from: p.from, to: p.to, bucket: p.bucket, ...filters(p) } },
          }),
        ),
    }),
  schoolHours: (p: Period) =>
    queryOptions({
      queryKey: keys.analytics.schoolHours(p),
      queryFn: async () =>
        unwrap(
          await api.GET('/api/v1/analytics/school-hours', {
            params: { query: { scope: p.scope, scope_id: p.scopeId, from: p.from, to: p.to, ...filters(p) } },
          }),
        ),
    }),
  readiness: (p: Period, group: Schemas['RespondentGroup'], minWeeks: number, programmeId: string | undefined) =>
    queryOptions({
      queryKey: keys.analytics.readiness(p, group, minWeeks, programmeId),
      queryFn: async () =>
        unwrap(
          await api.GET('/api/v1/analytics/readiness', {
            params: {
              query: {
                scope: p.scope,
                scope_id: p.scopeId,
                from: p.from,
                to: p.to,
                lang: p.lang,
                group,
                min_weeks: minWeeks,
                programme_id: programmeId,
                ...filters(p),
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
