import { AuditStore } from '../audit.store';
import { PostgresAuditStore } from './postgres-audit.store';
import { SqliteAuditStore } from './sqlite-audit.store';

/**
 * The store named by an AUDIT_DATABASE_URL: `sqlite:<path>` (`sqlite::memory:` for a throwaway store)
 * or `postgres://…` / `postgresql://…` (optional `schema` query parameter). Call `init()` before use.
 */
export function createAuditStore(url: string): AuditStore {
  if (url.startsWith('sqlite:')) {
    const path = url.slice('sqlite:'.length);
    if (path === '') {
      throw new TypeError('AUDIT_DATABASE_URL sqlite: needs a path');
    }
    return new SqliteAuditStore(path);
  }
  if (url.startsWith('postgres://') || url.startsWith('postgresql://')) {
    return new PostgresAuditStore(url);
  }
  throw new TypeError('AUDIT_DATABASE_URL must start with sqlite:, postgres:// or postgresql://');
}
