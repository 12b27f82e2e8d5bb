interface Page<T> {
  items: T[];
  next_cursor?: string | null;
}

/** The most a picker loads (a country has about 1,000 schools). */
export const ALL_PAGES_MAX = 10_000;

/**
 * Every item of a keyset-paginated list, page after page — for pickers and lists that must
 * offer all of them (a hub has 250 schools; one page holds at most 200). Never "the first
 * 200 and hope".
 */
export async function allPages<T>(fetchPage: (cursor: string | undefined) => Promise<Page<T>>): Promise<T[]> {
  const out: T[] = [];
  let cursor: string | undefined;
  do {
    const page = await fetchPage(cursor);
    out.push(...page.items);
    cursor = page.next_cursor ?? undefined;
  } while (cursor && out.length < ALL_PAGES_MAX);
  return out;
}
