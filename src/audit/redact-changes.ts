import { redactEntry } from '../common/secrets/redact-secrets';
import type { JsonValue } from '../common/json/json-value';
import type { SyncChange } from '../common/sync/sync-changes';

/**
 * Changes with their values redacted by the secrets policy: a change's last path segment counts as the
 * key of its values, so a changed credential field keeps its path (the fact that it changed) only.
 */
export function redactChanges(changes: SyncChange[]): SyncChange[] {
  return changes.map(({ path, from, to }) => {
    const key = path.split('.').at(-1) ?? '';
    const hide = (value: JsonValue | undefined) => redactEntry(key, value) as JsonValue | undefined;
    return { path, from: hide(from), to: hide(to) };
  });
}
