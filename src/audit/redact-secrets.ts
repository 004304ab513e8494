import { JsonValue } from '../squared/squared.types';
import type { SyncChange } from '../syncs/sync-changes';

export const REDACTED = '[redacted]';

/** Keys whose values are credentials wherever they appear (e.g. a mapping's `embedding_config.api_key`). */
const SECRET_KEY =
  /(api[_-]?key|token|secret|password|passwd|authorization|credential|private[_-]?key)/i;
/** Values that are credentials whatever their key: gateway keys, bearer headers, JWTs. */
const SECRET_VALUE =
  /^(sgw_[A-Za-z0-9_-]{20,}|Bearer\s+\S+|eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*)$/;

/**
 * A copy of `value` with anything that looks like a credential replaced by `[redacted]`, so that no
 * token, password or key can reach an audit record. Applied to `patch`, `before` and `after` alike, so
 * that comparisons between them stay meaningful.
 */
export function redactSecrets<T>(value: T): T {
  return redact(value as JsonValue, 0) as T;
}

/**
 * Twice the deepest body the parser admits (MAX_JSON_DEPTH): what lies below is hidden whole, so
 * the recursion, and every step after it (storage included), stays bounded even for a state read
 * from Squared.
 */
const MAX_REDACTION_DEPTH = 64;

function redact(value: JsonValue, depth: number): JsonValue {
  if (typeof value === 'string') {
    return SECRET_VALUE.test(value) ? REDACTED : value;
  }
  if (value !== null && typeof value === 'object' && depth >= MAX_REDACTION_DEPTH) {
    return REDACTED;
  }
  if (Array.isArray(value)) {
    return value.map((item) => redact(item, depth + 1));
  }
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [
        key,
        isSecretEntry(key, item) ? REDACTED : redact(item, depth + 1),
      ]),
    );
  }
  return value;
}

function isSecretEntry(key: string, value: JsonValue): boolean {
  return SECRET_KEY.test(key) && value !== null && typeof value !== 'object';
}

/** Changes with their values redacted; a change of a credential-named field keeps its path only. */
export function redactChanges(changes: SyncChange[]): SyncChange[] {
  return changes.map(({ path, from, to }) => {
    const secretField = SECRET_KEY.test(path.split('.').at(-1) ?? '');
    const hide = (value: JsonValue | undefined) =>
      value === undefined
        ? undefined
        : secretField && isSecretEntry('secret', value)
          ? REDACTED
          : redact(value, 0);
    return { path, from: hide(from), to: hide(to) };
  });
}
