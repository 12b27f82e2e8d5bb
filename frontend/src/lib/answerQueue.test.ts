import { describe, expect, it, vi } from 'vitest';
import { AnswerQueue, resultOf, type SendResult } from './answerQueue';

class MemoryStorage implements Storage {
  private m = new Map<string, string>();
  get length() {
    return this.m.size;
  }
  clear() {
    this.m.clear();
  }
  getItem(k: string) {
    return this.m.get(k) ?? null;
  }
  key(i: number) {
    return [...this.m.keys()][i] ?? null;
  }
  removeItem(k: string) {
    this.m.delete(k);
  }
  setItem(k: string, v: string) {
    this.m.set(k, v);
  }
}

describe('answer queue', () => {
  it('keeps answers on the device until the server confirms them, across a reload', async () => {
    vi.useFakeTimers();
    const storage = new MemoryStorage();
    const server = new Map<string, string>();
    let online = false;
    const send = async (item: string, value: string): Promise<SendResult> => {
      if (!online) throw new Error('offline');
      server.set(item, value);
      return 'ok';
    };
    const q = new AnswerQueue('k', send, storage);
    q.put('1.1', 'b1');
    q.put('1.2', 'a2');
    await vi.advanceTimersByTimeAsync(0);
    expect(server.size).toBe(0);
    expect(q.state('1.1')).toBe('pending');
    q.dispose();

    // "Reload": a new queue on the same storage still has both, and sends them when online.
    online = true;
    const again = new AnswerQueue('k', send, storage);
    expect(again.unsent()).toEqual({ '1.1': 'b1', '1.2': 'a2' });
    await again.flush();
    expect(Object.fromEntries(server)).toEqual({ '1.1': 'b1', '1.2': 'a2' });
    expect(again.size).toBe(0);
    expect(storage.getItem('k')).toBeNull();
    expect(again.state('1.2')).toBe('saved');
    expect(again.saved()).toEqual({ '1.1': 'b1', '1.2': 'a2' });
    vi.useRealTimers();
  });

  it('retries failures with backoff and the newest value of an item wins', async () => {
    vi.useFakeTimers();
    const calls: string[] = [];
    let fail = 2;
    const q = new AnswerQueue(
      'k2',
      async (item, value) => {
        calls.push(`${item}=${value}`);
        if (fail > 0) {
          fail -= 1;
          return 'retry';
        }
        return 'ok';
      },
      new MemoryStorage(),
    );
    q.put('3.1', 'a1');
    await vi.advanceTimersByTimeAsync(0);
    q.put('3.1', 'c1');
    await vi.advanceTimersByTimeAsync(5000);
    expect(calls.at(-1)).toBe('3.1=c1');
    expect(q.size).toBe(0);
    vi.useRealTimers();
  });

  it('drops answers the server refuses and says so', async () => {
    const q = new AnswerQueue('k3', async () => 'rejected', new MemoryStorage());
    q.put('x', 'y');
    await q.flush();
    expect(q.size).toBe(0);
    expect(q.state('x')).toBe('rejected');
  });

  it('maps statuses', () => {
    expect(resultOf(200)).toBe('ok');
    expect(resultOf(503)).toBe('retry');
    expect(resultOf(429)).toBe('retry');
    expect(resultOf(401)).toBe('retry');
    expect(resultOf(409)).toBe('rejected');
    expect(resultOf(422)).toBe('rejected');
  });
});
