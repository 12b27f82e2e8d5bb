// The one query-key scheme of the SPA. Every cached server read has its key here, as a
// tree per resource: `[resource, kind, ...arguments]`. Invalidating a node refreshes
// everything below it (TanStack Query matches keys by prefix), so a write names the
// smallest node it changes: `keys.hubs.one(id)` after editing a hub, `keys.hubs.all`
// after creating or deleting one. Components never write a key by hand (ESLint enforces
// it): they use the feature's query factories (`features/*/queries.ts`), which use these.

type Lang = string | undefined;

export const keys = {
  analytics: {
    all: ['analytics'] as const,
    catalogue: (lang: Lang) => ['analytics', 'catalogue', lang] as const,
    indicator: (key: string, params: object) => ['analytics', 'indicator', key, params] as const,
    /** Every period and scope of one indicator. */
    indicatorAll: (key: string) => ['analytics', 'indicator', key] as const,
    growth: (params: object) => ['analytics', 'growth', params] as const,
    cohorts: (params: object, minWeeks: number, programme: string | undefined) =>
      ['analytics', 'cohorts', params, minWeeks, programme ?? '-'] as const,
    schoolHours: (params: object) => ['analytics', 'school-hours', params] as const,
    comparison: (key: string, params: object) => ['analytics', 'comparison', key, params] as const,
    activities: (params: object) => ['analytics', 'activities', params] as const,
    responseRates: (params: object) => ['analytics', 'response-rates', params] as const,
    relationships: (params: object) => ['analytics', 'relationships', params] as const,
    planGoals: (params: object) => ['analytics', 'plan-goals', params] as const,
    readiness: (params: object, group: string, minWeeks: number, programme: string | undefined) =>
      ['analytics', 'readiness', params, group, minWeeks, programme ?? '-'] as const,
    targets: (scope: string, scopeId: string | undefined) => ['analytics', 'targets', scope, scopeId ?? '-'] as const,
    dashboard: (params: object) => ['analytics', 'dashboard', params] as const,
    dashboards: ['analytics', 'dashboard'] as const,
  },
  research: {
    all: ['research'] as const,
    recipients: () => ['research', 'recipients'] as const,
    agreements: () => ['research', 'agreements'] as const,
    datasets: () => ['research', 'datasets'] as const,
  },
  audit: {
    all: ['audit'] as const,
    log: (filters: object) => ['audit', 'log', filters] as const,
    actors: () => ['audit', 'actors'] as const,
  },
  notifications: {
    all: ['notifications'] as const,
  },
  invitations: {
    all: ['invitations'] as const,
    pending: () => ['invitations', 'pending'] as const,
    byToken: (token: string) => ['invitations', 'token', token] as const,
  },
  hubs: {
    all: ['hubs'] as const,
    list: (q: string) => ['hubs', 'list', q] as const,
    /** Every hub the caller sees, for pickers. */
    options: () => ['hubs', 'options'] as const,
    one: (id: string) => ['hubs', 'one', id] as const,
    organisations: (id: string) => ['hubs', 'organisations', id] as const,
    overview: (id: string, lang: Lang) => ['hubs', 'overview', id, lang] as const,
    /** A hub's mentoring vocabulary (focus areas, needs); without `lang`: every language. */
    vocabulary: (id: string, lang?: Lang) => (lang === undefined ? (['hubs', 'vocabulary', id] as const) : (['hubs', 'vocabulary', id, lang] as const)),
  },
  organisations: {
    all: ['organisations'] as const,
    options: () => ['organisations', 'options'] as const,
  },
  schools: {
    all: ['schools'] as const,
    list: (filters: object) => ['schools', 'list', filters] as const,
    /** Schools for pickers: of one hub, or every school the caller sees. */
    options: (hubId?: string) => ['schools', 'options', hubId ?? '*'] as const,
    one: (id: string) => ['schools', 'one', id] as const,
    people: (id: string) => ['schools', 'people', id] as const,
  },
  people: {
    all: ['people'] as const,
    list: (filters: object) => ['people', 'list', filters] as const,
    one: (id: string) => ['people', 'one', id] as const,
  },
  instruments: {
    all: ['instruments'] as const,
    list: (lang: Lang) => ['instruments', 'list', lang] as const,
    version: (key: string, version: string, lang: Lang) => ['instruments', 'version', key, version, lang] as const,
  },
  groups: {
    all: ['teacher-groups'] as const,
    list: () => ['teacher-groups', 'list'] as const,
    one: (id: string) => ['teacher-groups', 'one', id] as const,
    report: (id: string, lang: Lang) => ['teacher-groups', 'report', id, lang] as const,
  },
  reflections: {
    all: ['reflections'] as const,
    list: () => ['reflections', 'list'] as const,
    /** Without `lang`: in every language. */
    one: (id: string, lang?: Lang) => (lang === undefined ? (['reflections', 'one', id] as const) : (['reflections', 'one', id, lang] as const)),
    report: (id: string, lang?: Lang) =>
      lang === undefined ? (['reflections', 'report', id] as const) : (['reflections', 'report', id, lang] as const),
  },
  shares: {
    all: ['reflection-shares'] as const,
    given: () => ['reflection-shares', 'given'] as const,
    incoming: () => ['reflection-shares', 'incoming'] as const,
    candidates: (q: string) => ['reflection-shares', 'candidates', q] as const,
  },
  campaigns: {
    all: ['campaigns'] as const,
    ofSchool: (schoolId: string) => ['campaigns', 'of-school', schoolId] as const,
    one: (id: string) => ['campaigns', 'one', id] as const,
    report: (id: string, lang?: Lang) =>
      lang === undefined ? (['campaigns', 'report', id] as const) : (['campaigns', 'report', id, lang] as const),
    /** The public questionnaire behind a link code, and one stored anonymous response. */
    respond: (code: string, lang: Lang) => ['campaigns', 'respond', code, lang] as const,
    response: (id: string) => ['campaigns', 'response', id] as const,
  },
  plans: {
    all: ['plans'] as const,
    ofSchool: (schoolId: string) => ['plans', 'of-school', schoolId] as const,
    one: (id: string, lang: Lang) => ['plans', 'one', id, lang] as const,
    /** People of the school a plan's goals and actions can be given to. */
    owners: (schoolId: string) => ['plans', 'owners', schoolId] as const,
  },
  programmes: {
    all: ['programmes'] as const,
    list: () => ['programmes', 'list'] as const,
    activities: (id: string) => ['programmes', 'activities', id] as const,
  },
  /** A programme's board and what hangs off it (the schools it can still enrol). */
  board: {
    all: ['board'] as const,
    one: (programmeId: string) => ['board', programmeId] as const,
    schoolOptions: (programmeId: string) => ['board', programmeId, 'school-options'] as const,
  },
  relationships: {
    all: ['relationships'] as const,
    /** Every list of relationships (not the single ones). */
    lists: () => ['relationships', 'list'] as const,
    list: (filter: object) => ['relationships', 'list', filter] as const,
    one: (id: string) => ['relationships', 'one', id] as const,
    activities: (id: string) => ['relationships', 'one', id, 'activities'] as const,
  },
  courses: {
    all: ['courses'] as const,
    one: (id: string) => ['courses', 'one', id] as const,
  },
  needs: {
    all: ['needs'] as const,
    /** Without `lang`: in every language. */
    ofEnrolment: (enrolmentId: string, lang?: Lang) =>
      lang === undefined ? (['needs', enrolmentId] as const) : (['needs', enrolmentId, lang] as const),
  },
  activities: {
    all: ['activities'] as const,
    upcoming: () => ['activities', 'upcoming'] as const,
  },
  me: {
    calendarFeed: () => ['me', 'calendar-feed'] as const,
  },
};
