import { jsonEqual } from '../json/json-equal';
import { JsonValue } from '../json/json-value';
import { WRITABLE_SYNC_FIELDS, WritableSync } from './sync.types';

/** One changed leaf: `from`/`to` are `undefined` when the key was added/removed. */
export interface SyncChange {
  path: string;
  from: JsonValue | undefined;
  to: JsonValue | undefined;
}

function isObject(value: JsonValue | undefined): value is { [key: string]: JsonValue } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function diffValue(
  path: string,
  from: JsonValue | undefined,
  to: JsonValue | undefined,
): SyncChange[] {
  if (jsonEqual(from, to)) {
    return [];
  }
  if (!isObject(from) || !isObject(to)) {
    return [{ path, from, to }];
  }
  // Sorted keys: the order does not depend on how Squared or the caller ordered them.
  const keys = [...new Set([...Object.keys(from), ...Object.keys(to)])].sort();
  return keys.flatMap((key) => diffValue(`${path}.${key}`, from[key], to[key]));
}

/**
 * The changes between two writable states, in `WRITABLE_SYNC_FIELDS` order then sorted key order.
 * Objects (a v1 `configuration`) are compared key by key, arrays (a v2 `configuration`) as a whole.
 * An empty list means the update is a no-op.
 */
export function diffWritableSync(before: WritableSync, after: WritableSync): SyncChange[] {
  return WRITABLE_SYNC_FIELDS.flatMap((field) => diffValue(field, before[field], after[field]));
}
