import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { generateClientKey } from './client-keys';

const KEY_FILE_NAME = 'development-key';
const KEY_SHAPE = /^sgw_[A-Za-z0-9_-]{43}$/;

/**
 * Where the sandbox's development key is kept: beside the SQLite audit file (`./data/development-key`
 * on embedded defaults), so that a restart keeps the key a developer already pasted into scripts.
 * `undefined` when the audit log is not a SQLite file: the key is then new at every start.
 */
export function developmentKeyFile(auditDatabaseUrl: string): string | undefined {
  if (!auditDatabaseUrl.startsWith('sqlite:')) {
    return undefined;
  }
  return join(dirname(resolve(auditDatabaseUrl.slice('sqlite:'.length))), KEY_FILE_NAME);
}

/** The key kept in `file`, or a new one written there (readable by its owner only). */
export function readOrCreateDevelopmentKey(file: string): { key: string; created: boolean } {
  const kept = readKept(file);
  if (kept !== undefined) {
    return { key: kept, created: false };
  }
  const key = generateClientKey();
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${key}\n`, { mode: 0o600 });
  chmodSync(file, 0o600); // writeFileSync's mode applies only when it creates the file
  return { key, created: true };
}

function readKept(file: string): string | undefined {
  try {
    const text = readFileSync(file, 'utf8').trim();
    return KEY_SHAPE.test(text) ? text : undefined;
  } catch {
    return undefined;
  }
}
