/**
 * The SQLite audit store under concurrent PATCHes: CONCURRENCY simulated PATCHes in flight at once
 * (insertPending, a turn of the event loop standing in for the upstream PUT, then complete),
 * TOTAL in all. `node -r ts-node/register/transpile-only bench/audit-append-concurrent.ts`
 * (CONCURRENCY=1 gives the sequential case.)
 *
 * Commits are counted in the WAL (auto-checkpoint off during the run): each commit frame is one
 * transaction, and with synchronous=FULL each commit is one fsync of the WAL.
 */
import type { Database } from 'better-sqlite3';
import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';

import { AuditCompletion } from '../src/audit/audit-record';
import { NewAuditRecord } from '../src/audit/audit.store';
import { SqliteAuditStore } from '../src/audit/stores/sqlite-audit.store';

const CONCURRENCY = Number(process.env.CONCURRENCY ?? 64);
const TOTAL = Number(process.env.TOTAL ?? 2000);

const COMPLETION: AuditCompletion = {
  outcome: 'applied',
  status: 200,
  upstreamStatus: 200,
  durationMs: 5,
};

function record(): NewAuditRecord {
  return {
    ...{ id: randomUUID(), at: new Date().toISOString(), requestId: randomUUID() },
    ...{
      clientId: 'bench',
      actor: { type: 'client', id: 'bench' } as const,
      syncId: 42,
      action: 'sync.update',
      outcome: 'pending',
    },
    ...{ status: null, upstreamStatus: null, durationMs: null, before: null, after: null },
    patch: { sync: { sync_interval: 5, schedule_type: 'interval' } },
    changes: [{ path: 'sync_interval', from: 1, to: 5 }],
  };
}

/** Commit frames in a WAL file: a frame header's bytes 4–7 (db size after commit) are non-zero. */
function walCommits(file: string): number {
  const wal = readFileSync(file);
  const pageSize = wal.readUInt32BE(8);
  let commits = 0;
  for (let offset = 32; offset + 24 + pageSize <= wal.length; offset += 24 + pageSize) {
    if (wal.readUInt32BE(offset + 4) !== 0) {
      commits += 1;
    }
  }
  return commits;
}

async function main(): Promise<void> {
  const dir = join(tmpdir(), `audit-bench-concurrent-${randomBytes(4).toString('hex')}`);
  const file = join(dir, 'audit.db');
  const store = new SqliteAuditStore(file);
  try {
    await store.init();
    const db = (store as unknown as { database: Database }).database;
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.pragma('wal_autocheckpoint = 0');

    const loop = monitorEventLoopDelay({ resolution: 1 });
    const latencies: number[] = [];
    let started = 0;
    const patch = async () => {
      while (started < TOTAL) {
        started += 1;
        const begin = performance.now();
        const attempt = record();
        await store.insertPending(attempt);
        await new Promise((upstream) => setImmediate(upstream));
        await store.complete(attempt.id, COMPLETION);
        latencies.push(performance.now() - begin);
      }
    };
    loop.enable();
    const begin = performance.now();
    await Promise.all(Array.from({ length: CONCURRENCY }, patch));
    const seconds = (performance.now() - begin) / 1000;
    loop.disable();

    const commits = walCommits(`${file}-wal`);
    const verified = await store.verifyChain();
    latencies.sort((a, b) => a - b);
    const p = (q: number) => latencies[Math.ceil(latencies.length * q) - 1].toFixed(1);
    process.stdout.write(
      [
        `SQLite (WAL, synchronous=FULL): ${TOTAL} PATCHes, ${CONCURRENCY} concurrent`,
        `  ${(TOTAL / seconds).toFixed(0)} PATCH/s (${(seconds * 1000).toFixed(0)} ms)`,
        `  commits (fsyncs): ${commits}, ${((2 * TOTAL) / commits).toFixed(1)} writes per commit`,
        `  PATCH latency p50 ${p(0.5)} ms, p99 ${p(0.99)} ms`,
        `  event-loop delay p99 ${(loop.percentile(99) / 1e6).toFixed(1)} ms, ` +
          `max ${(loop.max / 1e6).toFixed(1)} ms`,
        `  chain ok: ${verified.ok}, ${verified.checked} chained, ${verified.pending} pending`,
        '',
      ].join('\n'),
    );
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();
