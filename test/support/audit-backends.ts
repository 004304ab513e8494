import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';

export interface AuditBackend {
  name: 'SQLite' | 'PostgreSQL';
  /** A fresh store URL (own file or own schema). */
  newUrl(): string;
  /** Removes what `newUrl` created. */
  cleanup(): Promise<void>;
}

const databaseUrl = process.env.DATABASE_URL;

function sqliteBackend(): AuditBackend {
  const files: string[] = [];
  return {
    name: 'SQLite',
    newUrl: () => {
      const file = join(tmpdir(), `gateway-audit-e2e-${randomBytes(6).toString('hex')}.db`);
      files.push(file);
      return `sqlite:${file}`;
    },
    cleanup: () => {
      for (const file of files.splice(0)) {
        for (const suffix of ['', '-wal', '-shm']) {
          rmSync(file + suffix, { force: true });
        }
      }
      return Promise.resolve();
    },
  };
}

function postgresBackend(url: string): AuditBackend {
  const schemas: string[] = [];
  return {
    name: 'PostgreSQL',
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

/** SQLite always; PostgreSQL when DATABASE_URL is set (CI sets it), announced when it is not. */
export function auditBackends(): AuditBackend[] {
  if (!databaseUrl) {
    console.warn(
      'DATABASE_URL is not set: skipping the PostgreSQL audit cases (SQLite still runs)',
    );
    return [sqliteBackend()];
  }
  return [sqliteBackend(), postgresBackend(databaseUrl)];
}
