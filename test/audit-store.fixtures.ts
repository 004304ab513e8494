import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client } from 'pg';

import { AuditStore, NewAuditRecord } from '../src/audit/audit.store';
import { createAuditStore } from '../src/audit/stores/create-audit-store';
import { MemoryAuditStore } from '../src/audit/stores/memory-audit.store';

/** Helpers of the audit-store e2e specs (no jest globals: the writer child processes load it too). */

export const PROJECT_ROOT = resolve(__dirname, '..');
const DATABASE_URL = process.env.DATABASE_URL;

/** A store adapter the contract specs run against. */
export interface StoreBackend {
  name: 'SQLite' | 'PostgreSQL' | 'memory';
  available: boolean;
  /** A fresh, empty store (own file, own schema or own instance); call `init()` before use. */
  newStore(): AuditStore;
  /** Removes every file or schema this backend created. */
  cleanup(): Promise<void>;
}

/** A store behind a database URL: what the CLI, other processes and tampering need. */
export interface DatabaseBackend extends StoreBackend {
  name: 'SQLite' | 'PostgreSQL';
  /** A fresh store URL: its own temp file or its own schema. */
  newUrl(): string;
  /** Runs SQL directly on the store behind `url` (tampering); `$n` placeholders, each used once. */
  exec(url: string, sql: string, params?: unknown[]): Promise<void>;
}

function sqliteBackend(): DatabaseBackend {
  const files: string[] = [];
  return {
    name: 'SQLite',
    available: true,
    newStore() {
      return createAuditStore(this.newUrl());
    },
    newUrl: () => {
      const file = join(tmpdir(), `audit-store-${randomBytes(6).toString('hex')}`, 'audit.db');
      files.push(file);
      return `sqlite:${file}`;
    },
    exec: (url, sql, params = []) => {
      const db = new Database(url.slice('sqlite:'.length));
      try {
        db.prepare(sql.replace(/\$\d+/g, '?')).run(...params);
      } finally {
        db.close();
      }
      return Promise.resolve();
    },
    cleanup: () => {
      for (const file of files.splice(0)) {
        rmSync(resolve(file, '..'), { recursive: true, force: true });
      }
      return Promise.resolve();
    },
  };
}

function schemaOf(url: string): string {
  return new URL(url).searchParams.get('schema') ?? 'public';
}

async function withClient(url: string, work: (client: Client) => Promise<unknown>): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await work(client);
  } finally {
    await client.end();
  }
}

function postgresBackend(databaseUrl: string): DatabaseBackend {
  const schemas: string[] = [];
  return {
    name: 'PostgreSQL',
    available: true,
    newStore() {
      return createAuditStore(this.newUrl());
    },
    newUrl: () => {
      const schema = `audit_test_${randomBytes(6).toString('hex')}`;
      schemas.push(schema);
      return `${databaseUrl}${databaseUrl.includes('?') ? '&' : '?'}schema=${schema}`;
    },
    exec: (url, sql, params = []) =>
      withClient(databaseUrl, async (client) => {
        await client.query(`SET search_path TO "${schemaOf(url)}"`);
        await client.query(sql, params);
      }),
    cleanup: () =>
      withClient(databaseUrl, async (client) => {
        for (const schema of schemas.splice(0)) {
          await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
        }
      }),
  };
}

/** The in-memory adapter (specs only): nothing to clean up, nothing to reach by URL. */
function memoryBackend(): StoreBackend {
  return {
    name: 'memory',
    available: true,
    newStore: () => new MemoryAuditStore(),
    cleanup: () => Promise.resolve(),
  };
}

/**
 * SQLite always; PostgreSQL only with DATABASE_URL (CI sets it), else marked unavailable (skipped).
 */
export function databaseBackends(): DatabaseBackend[] {
  if (DATABASE_URL === undefined || DATABASE_URL === '') {
    const missing: DatabaseBackend = { ...sqliteBackend(), name: 'PostgreSQL', available: false };
    return [sqliteBackend(), missing];
  }
  return [sqliteBackend(), postgresBackend(DATABASE_URL)];
}

/** Every adapter of the store port: the database backends, and the in-memory one. */
export function storeBackends(): StoreBackend[] {
  return [...databaseBackends(), memoryBackend()];
}

let clock = Date.parse('2025-03-01T10:00:00.000Z');

/** A pending record; `at` advances one second per record unless given. */
export function newRecord(overrides: Partial<NewAuditRecord> = {}): NewAuditRecord {
  clock += 1000;
  return {
    id: randomUUID(),
    at: new Date(clock).toISOString(),
    requestId: `req-${randomBytes(4).toString('hex')}`,
    clientId: 'billing',
    actor: { type: 'client', id: 'billing' },
    syncId: 42,
    action: 'sync.update',
    outcome: 'pending',
    status: null,
    upstreamStatus: null,
    patch: { sync: { sync_interval: 5, schedule_type: 'interval' } },
    before: null,
    after: null,
    changes: [{ path: 'sync_interval', from: 1, to: 5 }],
    durationMs: null,
    ...overrides,
  };
}

export function completedRecord(overrides: Partial<NewAuditRecord> = {}): NewAuditRecord {
  return newRecord({ outcome: 'noop', status: 200, durationMs: 3, ...overrides });
}

export interface ProcessResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `node -r ts-node/register/transpile-only <args>` from the project root. */
export function runTsNode(args: string[], env: Record<string, string>): Promise<ProcessResult> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', ...args], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', fail);
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}
