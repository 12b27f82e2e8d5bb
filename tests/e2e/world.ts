// Test data through the real API, written once: hubs, schools, people (invited and signed
// up the way users are), programmes and relationships. A spec says what it needs
// (`const w = await World.asAdmin(request); const hub = await w.hub('Needs hub', FINLAND)`)
// instead of copying the requests; every request's status is checked.
import { expect, type APIRequestContext } from '@playwright/test';
import { ADMIN, unique } from './helpers';

/** Where a hub or school is: country, languages of instruction, time zone. */
export type Place = { country: string; languages: string[]; time_zone: string };
export const ESTONIA: Place = { country: 'EE', languages: ['et'], time_zone: 'Europe/Tallinn' };
export const FINLAND: Place = { country: 'FI', languages: ['fi'], time_zone: 'Europe/Helsinki' };
export const NORWAY: Place = { country: 'NO', languages: ['nb'], time_zone: 'Europe/Oslo' };

export type Hub = { id: string; name: string };
export type School = { id: string; name: string; hub_id: string };
/** Someone who can sign in. */
export type Person = { email: string; password: string; name: string };
/** A role and where it holds: a hub's (coordinator, mentor) or a school's (leader, teacher). */
export type Grant = { role: 'hub_coordinator' | 'mentor'; hub_id: string } | { role: 'school_leader' | 'teacher'; school_id: string };

const DEFAULT_PASSWORD = 'e2e-person-password-2026';

/** A day relative to today, as the API writes it (`2026-12-05`). */
export const isoDay = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

// The API's answers are JSON of many shapes; the specs read the fields they need.
type Json = any;

export class World {
  private constructor(
    readonly request: APIRequestContext,
    private readonly headers: Record<string, string>,
  ) {}

  /** Acting as the seeded admin. */
  static asAdmin(request: APIRequestContext): Promise<World> {
    return World.as(request, ADMIN);
  }

  /** Acting as this person (signed in through the API). */
  static async as(request: APIRequestContext, who: { email: string; password: string }): Promise<World> {
    const login = await request.post('/api/v1/auth/login', { data: { email: who.email, password: who.password } });
    expect(login.status(), `sign-in of ${who.email}`).toBe(200);
    return new World(request, { Authorization: `Bearer ${(await login.json()).access_token}` });
  }

  /** POST as this actor; fails the test unless the answer is `status`; returns its JSON. */
  async post(path: string, data?: unknown, status = [200, 201, 204]): Promise<Json> {
    const res = await this.request.post(path, { headers: this.headers, data });
    expect(status, `POST ${path}: ${await res.text()}`).toContain(res.status());
    return res.status() === 204 ? null : res.json();
  }

  /** The headers that sign this actor's requests. */
  authHeaders(): Record<string, string> {
    return { ...this.headers };
  }

  async get(path: string): Promise<Json> {
    const res = await this.request.get(path, { headers: this.headers });
    expect(res.status(), `GET ${path}`).toBe(200);
    return res.json();
  }

  hub(label: string, place: Place = ESTONIA): Promise<Hub> {
    return this.post('/api/v1/hubs', { name: unique(label), ...place });
  }

  school(hub: Hub, label: string, place: Place = ESTONIA): Promise<School> {
    return this.post('/api/v1/schools', { hub_id: hub.id, name: unique(label), kind: 'basic', ...place });
  }

  /** Invite someone with this grant and accept the invitation as they would. */
  async person(label: string, grant: Grant, password = DEFAULT_PASSWORD): Promise<Person> {
    const email = `${unique(label).replace(/\s/g, '.').toLowerCase()}@e2e.example`;
    const invitation = await this.post('/api/v1/invitations', { email, ...grant });
    const token = String(invitation.url).split('#token=')[1];
    const name = unique(label);
    const accepted = await this.request.post('/api/v1/invitations/accept', { data: { token, name, password } });
    expect(accepted.status(), `accepting the invitation of ${email}`).toBe(200);
    return { email, password, name };
  }

  /** A Digital Accelerator programme of 35–80 mentoring hours per school, running now. */
  programme(hub: Hub, extra: Record<string, unknown> = {}): Promise<Json> {
    return this.post('/api/v1/programmes', {
      hub_id: hub.id,
      name: unique('Accelerator'),
      method: 'digital_accelerator',
      starts_on: isoDay(-30),
      ends_on: isoDay(150),
      mentoring_min_hours: 35,
      mentoring_max_hours: 80,
      ...extra,
    });
  }

  enrol(programme: { id: string }, school: { id: string }, role: 'mentor_school' | 'mentee_school'): Promise<Json> {
    return this.post(`/api/v1/programmes/${programme.id}/schools`, { school_id: school.id, role }, [201]);
  }

  /** An expert-to-school relationship between a mentor and a school, made active. */
  async activeRelationship(hubId: string, title: string, mentor: { email: string }, school: { id: string }, reason?: string): Promise<Json> {
    const rel = await this.post(
      '/api/v1/relationships',
      {
        hub_id: hubId,
        kind: 'expert_to_school',
        title,
        participants: [
          { email: mentor.email, role: 'mentor' },
          { school_id: school.id, role: 'mentee' },
        ],
      },
      [201],
    );
    await this.post(`/api/v1/relationships/${rel.id}/transitions`, { to: 'active', reason });
    return rel;
  }
}

/** A self-reflection of this teacher, every statement answered at `level`, submitted. */
export async function submitReflection(request: APIRequestContext, who: Person, level: string) {
  const me = await World.as(request, who);
  const form = await me.post('/api/v1/reflections', {}, [201]);
  const id = form.reflection.id;
  for (const area of form.areas) {
    for (const item of area.items) {
      const res = await request.put(`/api/v1/reflections/${id}/answers/${item.key}`, {
        headers: me.authHeaders(),
        data: { value: level },
      });
      expect(res.status(), `answer ${item.key}`).toBe(200);
    }
  }
  await me.post(`/api/v1/reflections/${id}/submit`, {});
}

/** A new teacher (or leader) in a new hub and school, made through the API. */
export async function newTeacher(request: APIRequestContext, label: string, role: 'teacher' | 'school_leader' = 'teacher') {
  const w = await World.asAdmin(request);
  const hub = await w.hub(`${label} hub`);
  const school = await w.school(hub, `${label} school`);
  const person = await w.person('Kaia Kask', { role, school_id: school.id }, 'teacher-password-2026');
  return { ...person, schoolId: school.id };
}
