// The one typed API client, generated from openapi/openapi.json (see `npm run gen:api`).
import createClient from 'openapi-fetch';
import type { components, paths } from './schema';

export type Schemas = components['schemas'];
export type Problem = Schemas['Problem'];

let accessToken: string | null = null;
export const setAccessToken = (t: string | null) => {
  accessToken = t;
};

let onUnauthorized: (() => void) | null = null;
export const setOnUnauthorized = (f: (() => void) | null) => {
  onUnauthorized = f;
};

export const api = createClient<paths>({ baseUrl: '', credentials: 'same-origin' });

api.use({
  onRequest({ request }) {
    if (accessToken) request.headers.set('Authorization', `Bearer ${accessToken}`);
    return request;
  },
  onResponse({ request, response }) {
    if (response.status === 401 && accessToken && !new URL(request.url).pathname.startsWith('/api/v1/auth/')) {
      onUnauthorized?.();
    }
    return response;
  },
});

/** An API answer that is not 2xx, with its problem details. */
export class ApiError extends Error {
  readonly status: number;
  readonly problem: Partial<Problem>;
  constructor(status: number, problem: Partial<Problem> | undefined) {
    super(problem?.detail ?? `HTTP ${status}`);
    this.status = status;
    this.problem = problem ?? { code: status >= 500 ? 'internal' : 'not_found' };
  }
  get code(): string {
    return this.problem.code ?? 'internal';
  }
}

/** Throw the problem of a failed call; return the data of a successful one. */
export function unwrap<T>(res: { data?: T; error?: unknown; response: Response }): T {
  if (res.error !== undefined || !res.response.ok) {
    const problem = typeof res.error === 'object' && res.error !== null ? (res.error as Partial<Problem>) : undefined;
    throw new ApiError(res.response.status, problem);
  }
  return res.data as T;
}
