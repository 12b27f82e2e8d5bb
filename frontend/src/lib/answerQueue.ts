// Answers are never lost on a flaky connection: every answer is written to the device
// first (localStorage) and sent until the server confirms it, also after a reload.
// The newest value of an item wins; answers of one queue are sent one at a time.

export type SendResult = 'ok' | 'retry' | 'rejected';
export type Sender = (item: string, value: string) => Promise<SendResult>;
export type ItemState = 'pending' | 'saved' | 'rejected';

interface Stored {
  [item: string]: string;
}

export class AnswerQueue {
  private pending: Stored;
  private confirmed: Stored = {};
  private states = new Map<string, ItemState>();
  private listeners = new Set<() => void>();
  private running = false;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private attempt = 0;
  private storageKey: string;
  private send: Sender;
  private storage: Storage | null;

  constructor(storageKey: string, send: Sender, storage: Storage | null = typeof localStorage === 'undefined' ? null : localStorage) {
    this.storageKey = storageKey;
    this.send = send;
    this.storage = storage;
    this.pending = this.load();
    for (const k of Object.keys(this.pending)) this.states.set(k, 'pending');
  }

  private load(): Stored {
    try {
      const raw = this.storage?.getItem(this.storageKey);
      const parsed: unknown = raw ? JSON.parse(raw) : {};
      return parsed && typeof parsed === 'object' ? (parsed as Stored) : {};
    } catch {
      return {};
    }
  }

  private persist() {
    try {
      if (Object.keys(this.pending).length === 0) this.storage?.removeItem(this.storageKey);
      else this.storage?.setItem(this.storageKey, JSON.stringify(this.pending));
    } catch {
      // Storage full or blocked: the answer stays in memory and is still retried.
    }
  }

  private v = 0;

  /** Changes whenever anything changes (for React's useSyncExternalStore). */
  get version(): number {
    return this.v;
  }

  private emit() {
    this.v += 1;
    for (const l of this.listeners) l();
  }

  subscribe(l: () => void): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }

  /** Answers the server confirmed since this queue was made. */
  saved(): Stored {
    return { ...this.confirmed };
  }

  /** Unsent answers (item → value), newest value per item. */
  unsent(): Stored {
    return { ...this.pending };
  }

  state(item: string): ItemState | undefined {
    return this.states.get(item);
  }

  get size(): number {
    return Object.keys(this.pending).length;
  }

  /** Keep an answer and send it as soon as possible. */
  put(item: string, value: string) {
    this.pending[item] = value;
    this.states.set(item, 'pending');
    this.persist();
    this.emit();
    this.attempt = 0;
    void this.flush();
  }

  /** Send everything unsent now (also called on `online` and on a timer after failures). */
  async flush(): Promise<void> {
    if (this.running) return;
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    this.running = true;
    try {
      for (;;) {
        const item = Object.keys(this.pending)[0];
        if (item === undefined) return;
        const value = this.pending[item] ?? '';
        let result: SendResult;
        try {
          result = await this.send(item, value);
        } catch {
          result = 'retry';
        }
        if (result === 'retry') {
          this.attempt += 1;
          // 1 s, 2 s, 4 s … at most 30 s between attempts.
          const wait = Math.min(30_000, 1000 * 2 ** Math.min(this.attempt - 1, 5));
          this.timer = setTimeout(() => void this.flush(), wait);
          return;
        }
        this.attempt = 0;
        // A newer value may have arrived while this one was on its way: keep that one.
        if (this.pending[item] === value) {
          delete this.pending[item];
          this.states.set(item, result === 'ok' ? 'saved' : 'rejected');
          if (result === 'ok') this.confirmed[item] = value;
          else delete this.confirmed[item];
          this.persist();
        }
        this.emit();
      }
    } finally {
      this.running = false;
    }
  }

  dispose() {
    if (this.timer) clearTimeout(this.timer);
    this.listeners.clear();
  }
}

/** How an HTTP status should be treated by a sender: network trouble and server errors retry. */
export function resultOf(status: number): SendResult {
  if (status >= 200 && status < 300) return 'ok';
  // 401: the session is being renewed (or the person signs in again); keep the answer.
  if (status === 401 || status === 408 || status === 429 || status >= 500) return 'retry';
  return 'rejected';
}
