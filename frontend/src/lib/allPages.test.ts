import { describe, expect, it } from 'vitest';
import { allPages } from './allPages';

describe('allPages', () => {
  it('follows the cursor to the last page', async () => {
    const data = Array.from({ length: 450 }, (_, i) => i);
    const asked: (string | undefined)[] = [];
    const got = await allPages(async (cursor) => {
      asked.push(cursor);
      const from = cursor ? Number(cursor) : 0;
      const items = data.slice(from, from + 200);
      const next = from + 200 < data.length ? String(from + 200) : null;
      return { items, next_cursor: next };
    });
    expect(got).toEqual(data);
    expect(asked).toEqual([undefined, '200', '400']);
  });

  it('stops on a list without a next page', async () => {
    expect(await allPages(async () => ({ items: ['a'] }))).toEqual(['a']);
  });
});
