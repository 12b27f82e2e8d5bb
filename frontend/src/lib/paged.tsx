import { useInfiniteQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';

export interface Page<T> {
  items: T[];
  next_cursor?: string | null;
}

/** A keyset-paginated read as the feature query factories describe it: its key and how to fetch one page. */
export interface PagedQuery<T> {
  queryKey: readonly unknown[];
  fetchPage: (cursor: string | undefined) => Promise<Page<T>>;
}

/** Describe a paged read (for the feature query factories). */
export const pagedQuery = <T,>(queryKey: readonly unknown[], fetchPage: (cursor: string | undefined) => Promise<Page<T>>): PagedQuery<T> => ({
  queryKey,
  fetchPage,
});

/** A keyset-paginated list: the pages fetched so far, flattened, and a way to get more. */
export function usePaged<T>(query: PagedQuery<T>, options: { enabled?: boolean; staleTime?: number } = {}) {
  const q = useInfiniteQuery({
    queryKey: query.queryKey,
    enabled: options.enabled ?? true,
    ...(options.staleTime !== undefined && { staleTime: options.staleTime }),
    queryFn: ({ pageParam }) => query.fetchPage(pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last: Page<T>) => last.next_cursor ?? undefined,
  });
  return { ...q, items: q.data?.pages.flatMap((p) => p.items) ?? [] };
}

export function LoadMore({ paged }: { paged: { hasNextPage: boolean; isFetchingNextPage: boolean; fetchNextPage: () => unknown } }) {
  const { t } = useTranslation();
  if (!paged.hasNextPage) return null;
  return (
    <p>
      <button type="button" className="secondary" disabled={paged.isFetchingNextPage} onClick={() => void paged.fetchNextPage()}>
        {paged.isFetchingNextPage ? t('common.loading') : t('common.loadMore')}
      </button>
    </p>
  );
}

/** The search text after the person stopped typing for a moment. */
export { useDebounced } from './debounce';
