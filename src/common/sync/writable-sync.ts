import type { JsonValue } from '../json/json-value';
import { WRITABLE_SYNC_FIELDS, WritableSync } from './sync.types';

/**
 * The ten writable fields of a Squared sync document's `attributes` (a missing one reads as null).
 * Not validated: this is the stored state, whatever it holds.
 */
export function writableSyncOf(
  attributes: Readonly<Record<string, JsonValue | undefined>>,
): WritableSync {
  const entries = WRITABLE_SYNC_FIELDS.map((field) => [field, attributes[field] ?? null]);
  return Object.fromEntries(entries) as WritableSync;
}
