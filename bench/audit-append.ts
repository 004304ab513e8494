/**
 * What one audited PATCH costs the audit store: a pending record, then its completion (two commits).
 * `node -r ts-node/register/transpile-only bench/audit-append.ts` (PostgreSQL when DATABASE_URL is set).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';

import { AuditCompletion } from '../src/audit/audit-record';
import { NewAuditRecord } from '../src/audit/audit.store';
import { createAuditStore } from '../src/audit/stores/create-audit-store';

const ITERATIONS = 500;

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

function summary(label: string, micros: number[]): string {
  const sorted = [...micros].sort((a, b) => a - b);
  const mean = sorted.reduce((sum, value) => sum + value, 0) / sorted.length;
  const p99 = sorted[Math.ceil(sorted.length * 0.99) - 1];
  return `${label}: mean ${mean.toFixed(0)} µs, p99 ${p99.toFixed(0)} µs per commit`;
}

async function bench(name: string, url: string): Promise<void> {
  const store = createAuditStore(url);
  await store.init();
  const pending: number[] = [];
  const complete: number[] = [];
  const time = async (into: number[], work: () => Promise<void>) => {
    const started = process.hrtime.bigint();
    await work();
    into.push(Number(process.hrtime.bigint() - started) / 1000);
  };
  const completion: AuditCompletion = {
    outcome: 'applied',
    status: 200,
    upstreamStatus: 200,
    durationMs: 50,
  };
  for (let i = 0; i < ITERATIONS; i += 1) {
    const attempt = record();
    await time(pending, () => store.insertPending(attempt));
    await time(complete, () => store.complete(attempt.id, completion));
  }
  const verified = await store.verifyChain();
  await store.close();
  process.stdout.write(`${name} (${ITERATIONS} PATCHes, chain ok: ${verified.ok})\n`);
  process.stdout.write(`  ${summary('insertPending', pending)}\n`);
  process.stdout.write(`  ${summary('complete     ', complete)}\n`);
  process.stdout.write(`  ${summary('both         ', [...pending, ...complete])}\n`);
}

async function main(): Promise<void> {
  const dir = join(tmpdir(), `audit-bench-${randomBytes(4).toString('hex')}`);
  try {
    await bench('SQLite (WAL, synchronous=FULL)', `sqlite:${join(dir, 'audit.db')}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const databaseUrl = process.env.DATABASE_URL;
  if (databaseUrl === undefined) {
    process.stdout.write('DATABASE_URL not set: PostgreSQL skipped\n');
    return;
  }
  const schema = `audit_bench_${randomBytes(4).toString('hex')}`;
  try {
    await bench(
      'PostgreSQL',
      `${databaseUrl}${databaseUrl.includes('?') ? '&' : '?'}schema=${schema}`,
    );
  } finally {
    const client = new Client({ connectionString: databaseUrl });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await client.end();
  }
}

void main();
