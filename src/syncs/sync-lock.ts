import { Injectable } from '@nestjs/common';

/**
 * The per-sync critical section around read-merge-write. Two PATCHes of one sync that interleave would
 * both read the same state and the second PUT would erase the first change; running them one after the
 * other per sync id prevents that, while different syncs proceed in parallel.
 *
 * This implementation serialises within one process. A Redis-backed lock for several replicas replaces
 * it behind the same method.
 */
@Injectable()
export class SyncLock {
  private readonly tails = new Map<number, Promise<void>>();

  async runExclusive<T>(syncId: number, work: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(syncId) ?? Promise.resolve();
    let release!: () => void;
    const tail = new Promise<void>((resolve) => (release = resolve));
    this.tails.set(syncId, tail);
    await previous;
    try {
      return await work();
    } finally {
      release();
      // The last waiter removes the entry, so the map holds only syncs with work in flight.
      if (this.tails.get(syncId) === tail) {
        this.tails.delete(syncId);
      }
    }
  }
}
