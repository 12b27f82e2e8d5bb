import { describe, expect, it } from 'vitest';
import { ApiError, unwrap } from './client';

const response = (status: number) => new Response(null, { status });

describe('unwrap', () => {
  it('returns the data of a successful answer', () => {
    expect(unwrap({ data: { id: 1 }, response: response(200) })).toEqual({ id: 1 });
  });

  it('throws the problem of a failed answer with its status and code', () => {
    const problem = { type: 'urn:ihub:problem:forbidden', title: 'Forbidden', status: 403, code: 'forbidden' as const, detail: 'No.' };
    try {
      unwrap({ error: problem, response: response(403) });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ApiError);
      expect((e as ApiError).status).toBe(403);
      expect((e as ApiError).code).toBe('forbidden');
      expect((e as ApiError).message).toBe('No.');
    }
  });

  it('gives answers without a problem body a code by their status', () => {
    expect(() => unwrap({ response: response(502) })).toThrow(ApiError);
    try {
      unwrap({ response: response(502) });
    } catch (e) {
      expect((e as ApiError).code).toBe('internal');
    }
  });
});
