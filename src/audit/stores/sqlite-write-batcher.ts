import type { Database } from 'better-sqlite3';

interface QueuedWrite {
  work: () => void;
  resolve: () => void;
  reject: (error: Error) => void;
}

type Outcome = { ok: true } | { ok: false; error: Error };

/**
 * Group commit for a synchronous better-sqlite3 connection: the writes queued during one turn of
 * the event loop run at `setImmediate` in ONE `BEGIN IMMEDIATE` transaction (one commit, so one
 * fsync with synchronous=FULL), in the order they were queued; each promise settles after that
 * commit.
 *
 * A batch of several runs first as one plain transaction. Only if one of its writes throws is that
 * transaction rolled back and the batch run again with each write in its own savepoint, so that the
 * write that throws is rolled back alone and rejects with its own error while the others commit
 * (savepoints on every write cost two statements each, for a case that almost never happens). If the batch itself fails (the
 * lock cannot be taken, the commit fails, or SQLite rolled the whole transaction back), nothing of
 * it was committed: each write is then retried alone in its own transaction, so that every caller
 * gets its own result. A busy lock is not retried: every write of the batch rejects with that error
 * (retrying would wait again, once per write, blocking the event loop).
 */
export class SqliteWriteBatcher {
  private queue: QueuedWrite[] = [];

  /** `database` is read at each flush (it throws when the store is not open). */
  constructor(private readonly database: () => Database) {}

  /** Queues `work` (synchronous statements); resolves once its transaction committed. */
  write(work: () => void): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ work, resolve, reject });
      if (this.queue.length === 1) {
        setImmediate(() => this.flush());
      }
    });
  }

  /** Commits what is queued now (the store calls it before closing). */
  flush(): void {
    const batch = this.queue;
    this.queue = [];
    if (batch.length <= 1) {
      batch.forEach((write) => this.commitAlone(write)); // no savepoint needed
      return;
    }
    let outcomes: Outcome[];
    try {
      outcomes = this.commitAllOrNothing(batch) ?? this.commitTogether(batch);
    } catch (error) {
      if ((error as { code?: unknown }).code === 'SQLITE_BUSY') {
        batch.forEach((write) => write.reject(error as Error));
      } else {
        batch.forEach((write) => this.commitAlone(write));
      }
      return;
    }
    batch.forEach((write, i) => {
      const outcome = outcomes[i];
      if (outcome.ok) {
        write.resolve();
      } else {
        write.reject(outcome.error);
      }
    });
  }

  /** Every write in one transaction; `undefined` (rolled back) when one of them threw. */
  private commitAllOrNothing(batch: QueuedWrite[]): Outcome[] | undefined {
    const db = this.database();
    const aWriteThrew = new Error('a write of the batch threw');
    try {
      return db
        .transaction(() => {
          for (const write of batch) {
            try {
              write.work();
            } catch {
              throw aWriteThrew;
            }
            if (!db.inTransaction) {
              // SQLite rolled the whole batch back (SQLITE_FULL, I/O error…): retried write by write.
              throw new Error('The batch transaction was rolled back');
            }
          }
          return batch.map((): Outcome => ({ ok: true }));
        })
        .immediate();
    } catch (error) {
      if (error === aWriteThrew) {
        return undefined;
      }
      throw error;
    }
  }

  private commitTogether(batch: QueuedWrite[]): Outcome[] {
    const db = this.database();
    return db
      .transaction(() =>
        batch.map((write): Outcome => {
          try {
            db.transaction(write.work)(); // nested: a savepoint
            return { ok: true };
          } catch (error) {
            if (!db.inTransaction) {
              throw error; // SQLite rolled the whole batch back (SQLITE_FULL, I/O error…)
            }
            return { ok: false, error: error as Error };
          }
        }),
      )
      .immediate();
  }

  private commitAlone(write: QueuedWrite): void {
    try {
      this.database().transaction(write.work).immediate();
    } catch (error) {
      write.reject(error as Error);
      return;
    }
    write.resolve();
  }
}
