/** A waiter in a key's queue; `grant` hands it the key. */
interface Waiter {
  grant: () => void;
}

/**
 * Per-key mutual exclusion inside one process, first come first served, with a bounded wait: a
 * waiter that is not granted the key within `waitMs` leaves the queue and gets `onTimeout()`'s error.
 * A released key is handed straight to the next waiter, so nobody can overtake the queue.
 */
export class KeyedMutex<K> {
  private readonly queues = new Map<K, Waiter[]>();

  /** Resolves with the function that releases the key (call it exactly once). */
  acquire(key: K, waitMs: number, onTimeout: () => Error): Promise<() => void> {
    const queue = this.queues.get(key);
    if (!queue) {
      this.queues.set(key, []);
      return Promise.resolve(this.releaser(key));
    }
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        grant: () => {
          clearTimeout(timer);
          resolve(this.releaser(key));
        },
      };
      const timer = setTimeout(() => {
        queue.splice(queue.indexOf(waiter), 1);
        reject(onTimeout());
      }, waitMs);
      queue.push(waiter);
    });
  }

  /** Keys currently held (for tests and diagnostics). */
  get size(): number {
    return this.queues.size;
  }

  private releaser(key: K): () => void {
    let released = false;
    return () => {
      if (released) {
        return;
      }
      released = true;
      const next = this.queues.get(key)?.shift();
      if (next) {
        next.grant();
      } else {
        this.queues.delete(key);
      }
    };
  }
}
