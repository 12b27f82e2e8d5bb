import { useEffect, useMemo, useSyncExternalStore } from 'react';
import { AnswerQueue, type Sender } from '../../lib/answerQueue';

/** One answer queue per questionnaire (kept on the device under `storageKey`). */
export function useAnswerQueue(storageKey: string, send: Sender) {
  // The sender closes over ids that do not change for a given storage key.
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const queue = useMemo(() => new AnswerQueue(storageKey, send), [storageKey]);
  useEffect(() => {
    const retry = () => void queue.flush();
    window.addEventListener('online', retry);
    void queue.flush();
    return () => {
      window.removeEventListener('online', retry);
      queue.dispose();
    };
  }, [queue]);
  const version = useSyncExternalStore(
    (l) => queue.subscribe(l),
    () => queue.version,
  );
  return { queue, version };
}
