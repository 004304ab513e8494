import { createAuditStore } from './create-audit-store';
import { PostgresAuditStore } from './postgres-audit.store';
import { SqliteAuditStore } from './sqlite-audit.store';

describe('createAuditStore', () => {
  it('opens SQLite for sqlite:<path>', async () => {
    const store = createAuditStore('sqlite::memory:');
    expect(store).toBeInstanceOf(SqliteAuditStore);
    await store.init();
    await expect(store.ping()).resolves.toBeUndefined();
    await store.close();
  });

  it.each(['postgres://u@localhost/db', 'postgresql://u@localhost/db?schema=audit'])(
    'opens PostgreSQL for %s (without connecting)',
    async (url) => {
      const store = createAuditStore(url);
      expect(store).toBeInstanceOf(PostgresAuditStore);
      await store.close();
    },
  );

  // The in-memory store is for specs: an audit log lost at restart is not one to configure.
  it.each(['mysql://u@localhost/db', 'sqlite:', './audit.db', '', 'memory:', 'memory://'])(
    'refuses %j',
    (url) => {
      expect(() => createAuditStore(url)).toThrow(TypeError);
    },
  );

  it('refuses a schema name that is not a plain identifier', () => {
    expect(() => createAuditStore('postgres://u@localhost/db?schema=a";drop')).toThrow(TypeError);
  });
});
