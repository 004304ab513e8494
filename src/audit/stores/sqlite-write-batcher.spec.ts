import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { SqliteWriteBatcher } from './sqlite-write-batcher';

describe('SqliteWriteBatcher', () => {
  let dir: string;
  let db: Database.Database;
  let commits: number;
  let savepoints: number;
  let batcher: SqliteWriteBatcher;

  const insert = (value: number) => () => {
    db.prepare('INSERT INTO t (v) VALUES (?)').run(value);
  };
  const values = () =>
    (db.prepare('SELECT v FROM t ORDER BY rowid').all() as { v: number }[]).map((row) => row.v);

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'write-batcher-'));
    db = new Database(join(dir, 'test.db'));
    db.pragma('journal_mode = WAL');
    db.exec('CREATE TABLE t (v INTEGER UNIQUE)');
    commits = 0;
    savepoints = 0;
    const transaction = db.transaction.bind(db);
    batcher = new SqliteWriteBatcher(() => db);
    // Counts top-level transactions (the nested ones are savepoints).
    jest.spyOn(db, 'transaction').mockImplementation((work) => {
      const wrapped = transaction(work);
      const count =
        (run: (...args: unknown[]) => unknown) =>
        (...args: unknown[]) => {
          const outer = !db.inTransaction;
          savepoints += outer ? 0 : 1;
          const result = run(...args);
          commits += outer ? 1 : 0;
          return result;
        };
      return Object.assign(count(wrapped), { immediate: count(wrapped.immediate) }) as never;
    });
  });

  afterEach(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('commits the writes of one turn in one transaction, in order, then resolves', async () => {
    const settled: number[] = [];
    const writes = [1, 2, 3].map((v) => batcher.write(insert(v)).then(() => settled.push(v)));
    expect(values()).toEqual([]); // nothing runs, so nothing resolves, before the commit
    await Promise.all(writes);
    expect(values()).toEqual([1, 2, 3]);
    expect(settled).toEqual([1, 2, 3]);
    expect(commits).toBe(1);
    expect(savepoints).toBe(0); // savepoints only once a write of the batch has thrown
  });

  it('resolves only after the commit', async () => {
    let visibleAtResolve: number[] = [];
    const other = new Database(join(dir, 'test.db'), { readonly: true });
    try {
      await batcher.write(insert(1)).then(() => {
        visibleAtResolve = (other.prepare('SELECT v FROM t').all() as { v: number }[]).map(
          (row) => row.v,
        );
      });
    } finally {
      other.close();
    }
    expect(visibleAtResolve).toEqual([1]);
  });

  it('starts a new batch for writes queued after a flush', async () => {
    await batcher.write(insert(1));
    await Promise.all([batcher.write(insert(2)), batcher.write(insert(3))]);
    expect(values()).toEqual([1, 2, 3]);
    expect(commits).toBe(2);
  });

  it('rejects a failing write with its own error and commits the others together', async () => {
    const results = await Promise.allSettled([
      batcher.write(insert(1)),
      batcher.write(() => {
        insert(2)();
        throw new Error('second fails after writing');
      }),
      batcher.write(insert(1)), // UNIQUE violation
      batcher.write(insert(4)),
    ]);
    expect(results.map((result) => result.status)).toEqual([
      'fulfilled',
      'rejected',
      'rejected',
      'fulfilled',
    ]);
    expect((results[1] as PromiseRejectedResult).reason).toEqual(
      new Error('second fails after writing'),
    );
    expect((results[2] as PromiseRejectedResult).reason).toMatchObject({
      code: 'SQLITE_CONSTRAINT_UNIQUE',
    });
    expect(values()).toEqual([1, 4]); // the failed write's own statements were rolled back
    expect(commits).toBe(1);
  });

  it('retries each write alone when the batch transaction fails as a whole', async () => {
    let rolledBack = false;
    const results = await Promise.allSettled([
      batcher.write(insert(1)),
      batcher.write(() => {
        if (!rolledBack) {
          rolledBack = true;
          db.exec('ROLLBACK'); // as SQLite does on SQLITE_FULL or an I/O error: the whole batch
        }
      }),
      batcher.write(insert(1)),
    ]);
    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'fulfilled', 'rejected']);
    expect((results[2] as PromiseRejectedResult).reason).toMatchObject({
      code: 'SQLITE_CONSTRAINT_UNIQUE',
    });
    expect(values()).toEqual([1]);
    expect(commits).toBe(2); // the two retries that succeeded (not the batch, not the third)
  });

  it('rejects every write of the batch with SQLITE_BUSY without retrying them', async () => {
    db.pragma('busy_timeout = 50');
    const other = new Database(join(dir, 'test.db'));
    other.exec('BEGIN IMMEDIATE');
    try {
      const started = performance.now();
      const results = await Promise.allSettled([1, 2, 3].map((v) => batcher.write(insert(v))));
      expect(results.map((result) => (result as PromiseRejectedResult).reason as unknown)).toEqual([
        expect.objectContaining({ code: 'SQLITE_BUSY' }),
        expect.objectContaining({ code: 'SQLITE_BUSY' }),
        expect.objectContaining({ code: 'SQLITE_BUSY' }),
      ]);
      expect(performance.now() - started).toBeLessThan(1000);
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
    await batcher.write(insert(5));
    expect(values()).toEqual([5]);
  });

  it('flush() commits what is queued at once', async () => {
    const write = batcher.write(insert(7));
    batcher.flush();
    expect(values()).toEqual([7]);
    await write;
  });

  it('rejects every write when there is no database', async () => {
    const closed = new SqliteWriteBatcher(() => {
      throw new Error('not open');
    });
    const results = await Promise.allSettled([closed.write(insert(1)), closed.write(insert(2))]);
    expect(results.map((result) => (result as PromiseRejectedResult).reason as unknown)).toEqual([
      new Error('not open'),
      new Error('not open'),
    ]);
  });
});
