// Every API call of the mentoring feature (programmes, enrolments and needs, relationships,
// activities, courses, development plans, the hub's vocabulary, the calendar feed): reads as
// query factories, writes as functions. Components call these; they never call the API.
import { queryOptions } from '@tanstack/react-query';
import { api, unwrap, type Schemas } from '../../lib/api/client';
import { allPages } from '../../lib/allPages';
import { pagedQuery } from '../../lib/paged';
import { keys } from '../../lib/queryKeys';

type Lang = string | undefined;
/** An edit guarded by the version the editor saw (`If-Match`). */
type Versioned = { id: string; etag_version: number };
const ifMatch = (v: Versioned) => ({ 'If-Match': `"v${v.etag_version}"` });

export const mentoringQueries = {
  programmes: () =>
    queryOptions({
      queryKey: keys.programmes.list(),
      queryFn: async () => unwrap(await api.GET('/api/v1/programmes')),
    }),
  /** A programme's board. Others log hours all the time: always fetched anew when opened. */
  board: (programmeId: string) =>
    queryOptions({
      queryKey: keys.board.one(programmeId),
      queryFn: async () => unwrap(await api.GET('/api/v1/programmes/{id}/board', { params: { path: { id: programmeId } } })),
      staleTime: 0,
    }),
  /** Schools a programme can still enrol, grouped by hub (its own hub first). */
  schoolOptions: (programmeId: string) =>
    queryOptions({
      queryKey: keys.board.schoolOptions(programmeId),
      queryFn: async () => unwrap(await api.GET('/api/v1/programmes/{id}/school-options', { params: { path: { id: programmeId } } })),
    }),
  programmeActivities: (programmeId: string) =>
    queryOptions({
      queryKey: keys.programmes.activities(programmeId),
      queryFn: async () => unwrap(await api.GET('/api/v1/programmes/{id}/activities', { params: { path: { id: programmeId } } })),
      staleTime: 0,
    }),
  /** Relationships the caller takes part in (`mine`) or oversees without taking part. */
  relationships: (mine: boolean) =>
    pagedQuery(keys.relationships.list({ mine }), async (cursor) =>
      unwrap(await api.GET('/api/v1/relationships', { params: { query: { mine, cursor } } })),
    ),
  /** Every relationship the caller takes part in, page after page (the home page's summary). */
  allMyRelationships: () =>
    queryOptions({
      queryKey: keys.relationships.list({ mine: true, all: true }),
      queryFn: () => allPages(async (cursor) => unwrap(await api.GET('/api/v1/relationships', { params: { query: { mine: true, cursor, limit: 200 } } }))),
    }),
  relationship: (id: string) =>
    queryOptions({
      queryKey: keys.relationships.one(id),
      queryFn: async () => unwrap(await api.GET('/api/v1/relationships/{id}', { params: { path: { id } } })),
      staleTime: 0,
    }),
  relationshipActivities: (id: string) =>
    pagedQuery(keys.relationships.activities(id), async (cursor) =>
      unwrap(await api.GET('/api/v1/relationships/{id}/activities', { params: { path: { id }, query: { cursor } } })),
    ),
  upcomingActivities: () =>
    queryOptions({
      queryKey: keys.activities.upcoming(),
      queryFn: async () => unwrap(await api.GET('/api/v1/me/upcoming-activities')),
    }),
  course: (id: string) =>
    queryOptions({
      queryKey: keys.courses.one(id),
      queryFn: async () => unwrap(await api.GET('/api/v1/courses/{id}', { params: { path: { id } } })),
      staleTime: 0,
    }),
  needs: (enrolmentId: string, lang: Lang) =>
    queryOptions({
      queryKey: keys.needs.ofEnrolment(enrolmentId, lang),
      queryFn: async () => unwrap(await api.GET('/api/v1/enrolments/{id}/needs', { params: { path: { id: enrolmentId }, query: { lang } } })),
      staleTime: 0,
    }),
  /** A hub's mentoring vocabulary in one language (focus areas, methods, kinds, needs items). */
  vocabulary: (hubId: string | undefined, lang: Lang) =>
    queryOptions({
      queryKey: keys.hubs.vocabulary(hubId ?? '', lang),
      queryFn: async () => unwrap(await api.GET('/api/v1/hubs/{id}/mentoring-lists', { params: { path: { id: hubId ?? '' }, query: { lang } } })),
      enabled: !!hubId,
      staleTime: 300_000,
    }),
  calendarFeed: () =>
    queryOptions({
      queryKey: keys.me.calendarFeed(),
      queryFn: async () => unwrap(await api.GET('/api/v1/me/calendar-feed')),
    }),
  plan: (id: string, lang: Lang) =>
    queryOptions({
      queryKey: keys.plans.one(id, lang),
      queryFn: async () => unwrap(await api.GET('/api/v1/plans/{id}', { params: { path: { id }, query: { lang } } })),
      staleTime: 0,
    }),
  plansOfSchool: (schoolId: string) =>
    queryOptions({
      queryKey: keys.plans.ofSchool(schoolId),
      queryFn: async () => unwrap(await api.GET('/api/v1/schools/{id}/plans', { params: { path: { id: schoolId } } })),
      retry: false,
    }),
  /** The school's active people, to whom a plan's goals and actions can be given. */
  planOwners: (schoolId: string) =>
    queryOptions({
      queryKey: keys.plans.owners(schoolId),
      queryFn: () =>
        allPages(async (cursor) => unwrap(await api.GET('/api/v1/people', { params: { query: { school_id: schoolId, active: true, limit: 200, cursor } } }))),
      staleTime: 60_000,
    }),
};

export const mentoringApi = {
  createProgramme: async (body: Schemas['ProgrammeCreate']) => unwrap(await api.POST('/api/v1/programmes', { body })),
  enrol: async (programmeId: string, body: Schemas['EnrolmentCreate']) =>
    unwrap(await api.POST('/api/v1/programmes/{id}/schools', { params: { path: { id: programmeId } }, body })),
  withdrawEnrolment: async (id: string) => unwrap(await api.DELETE('/api/v1/enrolments/{id}', { params: { path: { id } } })),
  approveEnrolment: async (id: string) => unwrap(await api.POST('/api/v1/enrolments/{id}/approve', { params: { path: { id } } })),
  setPhase: async (enrolmentId: string, phase: string, body: Schemas['PhasePut']) =>
    unwrap(await api.PUT('/api/v1/enrolments/{id}/phases/{phase}', { params: { path: { id: enrolmentId, phase } }, body })),
  newCycle: async (enrolmentId: string) => unwrap(await api.POST('/api/v1/enrolments/{id}/cycles', { params: { path: { id: enrolmentId } } })),
  saveNeeds: async (needs: { enrolment_id: string; etag_version: number }, lang: Lang, body: Schemas['NeedsPut']) =>
    unwrap(
      await api.PUT('/api/v1/enrolments/{id}/needs', {
        params: { path: { id: needs.enrolment_id }, query: { lang }, header: ifMatch({ id: needs.enrolment_id, etag_version: needs.etag_version }) },
        body,
      }),
    ),
  addVocabulary: async (hubId: string, body: Schemas['VocabularyAdd']) =>
    unwrap(await api.POST('/api/v1/hubs/{id}/mentoring-lists', { params: { path: { id: hubId } }, body })),
  removeVocabulary: async (hubId: string, q: { list: Schemas['MentoringList']; value: string; topic?: Schemas['NeedsTopic'] }) =>
    unwrap(await api.DELETE('/api/v1/hubs/{id}/mentoring-lists', { params: { path: { id: hubId }, query: q } })),

  createRelationship: async (body: Schemas['RelationshipCreate']) => unwrap(await api.POST('/api/v1/relationships', { body })),
  updateRelationship: async (rel: Versioned, body: Schemas['RelationshipPatch']) =>
    unwrap(await api.PATCH('/api/v1/relationships/{id}', { params: { path: { id: rel.id }, header: ifMatch(rel) }, body })),
  transition: async (id: string, body: Schemas['TransitionIn']) =>
    unwrap(await api.POST('/api/v1/relationships/{id}/transitions', { params: { path: { id } }, body })),
  addParticipant: async (id: string, body: Schemas['ParticipantIn']) =>
    unwrap(await api.POST('/api/v1/relationships/{id}/participants', { params: { path: { id } }, body })),
  removeParticipant: async (id: string, participantId: string) =>
    unwrap(await api.DELETE('/api/v1/relationships/{id}/participants/{participant_id}', { params: { path: { id, participant_id: participantId } } })),
  giveFeedback: async (id: string, body: Schemas['FeedbackIn']) =>
    unwrap(await api.PUT('/api/v1/relationships/{id}/feedback', { params: { path: { id } }, body })),

  logActivity: async (body: Schemas['ActivityIn']) => unwrap(await api.POST('/api/v1/activities', { body })),
  updateActivity: async (activity: Versioned, body: Schemas['ActivityIn']) =>
    unwrap(await api.PUT('/api/v1/activities/{id}', { params: { path: { id: activity.id }, header: ifMatch(activity) }, body })),
  deleteActivity: async (id: string) => unwrap(await api.DELETE('/api/v1/activities/{id}', { params: { path: { id } } })),
  rateActivity: async (id: string, rating: number) => unwrap(await api.PUT('/api/v1/activities/{id}/rating', { params: { path: { id } }, body: { rating } })),

  createCourse: async (programmeId: string, body: Schemas['CourseIn']) =>
    unwrap(await api.POST('/api/v1/programmes/{id}/courses', { params: { path: { id: programmeId } }, body })),
  addCourseSession: async (id: string, body: Schemas['SessionIn']) =>
    unwrap(await api.POST('/api/v1/courses/{id}/sessions', { params: { path: { id } }, body })),
  removeCourseSession: async (id: string, sessionId: string) =>
    unwrap(await api.DELETE('/api/v1/courses/{id}/sessions/{session_id}', { params: { path: { id, session_id: sessionId } } })),
  addCourseParticipant: async (id: string, email: string) =>
    unwrap(await api.POST('/api/v1/courses/{id}/participants', { params: { path: { id } }, body: { email } })),
  recordAttendance: async (id: string, body: Schemas['AttendancePut']) =>
    unwrap(await api.PUT('/api/v1/courses/{id}/attendance', { params: { path: { id } }, body })),

  createPlan: async (schoolId: string, lang: Lang, body: Schemas['PlanCreate']) =>
    unwrap(await api.POST('/api/v1/schools/{id}/plans', { params: { path: { id: schoolId }, query: { lang } }, body })),
  addPlanGoal: async (planId: string, lang: Lang, body: Schemas['PlanGoalIn']) =>
    unwrap(await api.POST('/api/v1/plans/{id}/goals', { params: { path: { id: planId }, query: { lang } }, body })),
  updatePlanGoal: async (planId: string, goalId: string, lang: Lang, body: Schemas['PlanGoalPatch']) =>
    unwrap(await api.PATCH('/api/v1/plans/{id}/goals/{goal_id}', { params: { path: { id: planId, goal_id: goalId }, query: { lang } }, body })),
  removePlanGoal: async (planId: string, goalId: string, lang: Lang) =>
    unwrap(await api.DELETE('/api/v1/plans/{id}/goals/{goal_id}', { params: { path: { id: planId, goal_id: goalId }, query: { lang } } })),
  addPlanAction: async (planId: string, goalId: string, lang: Lang, body: Schemas['PlanActionIn']) =>
    unwrap(await api.POST('/api/v1/plans/{id}/goals/{goal_id}/actions', { params: { path: { id: planId, goal_id: goalId }, query: { lang } }, body })),
  updatePlanAction: async (planId: string, actionId: string, lang: Lang, body: Schemas['PlanActionPatch']) =>
    unwrap(await api.PATCH('/api/v1/plans/{id}/actions/{action_id}', { params: { path: { id: planId, action_id: actionId }, query: { lang } }, body })),
  commentOnPlan: async (planId: string, lang: Lang, text: string) =>
    unwrap(await api.POST('/api/v1/plans/{id}/comments', { params: { path: { id: planId }, query: { lang } }, body: { text } })),

  makeCalendarFeed: async () => unwrap(await api.POST('/api/v1/me/calendar-feed')),
  revokeCalendarFeed: async () => unwrap(await api.DELETE('/api/v1/me/calendar-feed')),
};
