/**
 * `npm run audit:verify`: checks the audit hash chain of AUDIT_DATABASE_URL (default
 * `sqlite:./data/audit.db`; read from `.env` too, the environment winning, as the gateway does).
 * Exit 0 when it holds, 1 when it is broken, 2 when the store cannot be opened. Prints ids,
 * positions and reasons only, never a record's content.
 */
import { existsSync } from 'node:fs';

import { AuditStore } from '../audit/audit.store';
import { createAuditStore } from '../audit/stores/create-audit-store';
import { loadDotEnv } from '../config/dot-env';

const DEFAULT_URL = 'sqlite:./data/audit.db';

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : 'unknown error';
}

/** Opening a missing SQLite file would create an empty store and report a (vacuously) sound chain. */
function missingSqliteFile(url: string): boolean {
  const path = url.startsWith('sqlite:') ? url.slice('sqlite:'.length) : null;
  return path !== null && path !== ':memory:' && !existsSync(path);
}

async function open(url: string): Promise<AuditStore | string> {
  if (missingSqliteFile(url)) {
    return 'no such SQLite file';
  }
  try {
    const store = createAuditStore(url);
    await store.init().catch(async (error: unknown) => {
      await store.close().catch(() => undefined);
      throw error;
    });
    return store;
  } catch (error) {
    return errorText(error);
  }
}

async function main(): Promise<number> {
  try {
    loadDotEnv(); // the gateway's own .env, so that it checks the store the gateway writes
  } catch (error) {
    process.stderr.write(`${errorText(error)}\n`);
    return 2;
  }
  const store = await open(process.env.AUDIT_DATABASE_URL || DEFAULT_URL);
  if (typeof store === 'string') {
    process.stderr.write(`audit store unavailable: ${store}\n`);
    return 2;
  }
  try {
    const result = await store.verifyChain();
    if (result.firstBroken) {
      const { id, position, reason } = result.firstBroken;
      process.stdout.write(
        `audit chain BROKEN at record ${id} (position ${position}): ${reason}\n`,
      );
      return 1;
    }
    process.stdout.write(`audit chain OK: ${result.checked} records (${result.pending} pending)\n`);
    return 0;
  } catch (error) {
    process.stderr.write(`audit store unavailable: ${errorText(error)}\n`);
    return 2;
  } finally {
    await store.close().catch(() => undefined);
  }
}

void main().then((code) => {
  process.exitCode = code;
});
