import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { always, postgres, Requirement } from './requirements';

export interface AuditBackend {
  name: 'SQLite' | 'PostgreSQL';
  /** What the backend needs from the machine (PostgreSQL: DATABASE_URL). */
  requirement: Requirement;
  /** A fresh store URL (own file or own schema). */
  newUrl(): string;
  /** Removes what `newUrl` created. */
  cleanup(): Promise<void>;
}

const databaseUrl = process.env.DATABASE_URL;

function sqliteBackend(): AuditBackend {
  const dirs: string[] = [];
  return {
    name: 'SQLite',
    requirement: always,
    newUrl: () => {
      const dir = mkdtempSync(join(tmpdir(), 'gateway-audit-e2e-'));
      dirs.push(dir);
      return `sqlite:${join(dir, 'audit.db')}`;
    },
    cleanup: () => {
      for (const dir of dirs.splice(0)) {
        rmSync(dir, { recursive: true, force: true });
      }
      return Promise.resolve();
    },
  };
}

function postgresBackend(url: string): AuditBackend {
  const schemas: string[] = [];
  return {
    name: 'PostgreSQL',
    requirement: postgres,
    newUrl: () => {
      const schema = `gw_e2e_${randomBytes(6).toString('hex')}`;
      schemas.push(schema);
      return withSchema(url, schema);
    },
    cleanup: async () => {
      const client = new Client({ connectionString: url });
      await client.connect();
      try {
        for (const schema of schemas.splice(0)) {
          await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
        }
      } finally {
        await client.end();
      }
    },
  };
}

export function withSchema(url: string, schema: string): string {
  return `${url}${url.includes('?') ? '&' : '?'}schema=${schema}`;
}

/** SQLite and PostgreSQL; PostgreSQL's cases are skipped (and say so) without DATABASE_URL. */
export function auditBackends(): AuditBackend[] {
  return [sqliteBackend(), postgresBackend(databaseUrl ?? '')];
}
