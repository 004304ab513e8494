function scalarText(value: unknown): string | undefined {
  if (typeof value === 'number' && !Number.isFinite(value)) {
    throw new TypeError('A non-finite number has no canonical JSON');
  }
  return JSON.stringify(value);
}

/** Dates and the like serialise as what their `toJSON` returns, as in `JSON.stringify`. */
function jsonOf(value: unknown): unknown {
  let current = value;
  while (
    current !== null &&
    typeof current === 'object' &&
    typeof (current as { toJSON?: unknown }).toJSON === 'function'
  ) {
    current = (current as { toJSON: () => unknown }).toJSON();
  }
  return current;
}

/** An array or object still to serialise (scalars are written at once, as text). */
type Container = { container: object };
/** Output text, or a container whose text comes there. */
type Task = string | Container;

/** `prefix` then `value`: one piece of text for a scalar, two tasks for a container. */
function pushChild(prefix: string, value: unknown, pending: Task[]): void {
  const current = jsonOf(value);
  if (current !== null && typeof current === 'object') {
    pending.push({ container: current }, prefix);
  } else {
    pending.push(prefix + (scalarText(current) ?? 'null'));
  }
}

/** Pushes an array's tasks in the reverse of their output order (the stack pops them in order). */
function pushArray(items: unknown[], pending: Task[]): void {
  pending.push(items.length === 0 ? '[]' : ']');
  for (let index = items.length - 1; index >= 0; index -= 1) {
    const item = items[index];
    // A missing slot reads as null, as JSON.stringify writes it.
    const value = item === undefined || typeof item === 'symbol' ? null : item;
    pushChild(index === 0 ? '[' : ',', value, pending);
  }
}

/** Members sorted by UTF-16 code units (RFC 8785 3.2.3); undefined ones are left out. */
function pushObject(record: Record<string, unknown>, pending: Task[]): void {
  const keys = Object.keys(record)
    .filter((key) => record[key] !== undefined && typeof record[key] !== 'symbol')
    .sort();
  pending.push(keys.length === 0 ? '{}' : '}');
  for (let index = keys.length - 1; index >= 0; index -= 1) {
    const key = keys[index];
    pushChild(`${index === 0 ? '{' : ','}${JSON.stringify(key)}:`, record[key], pending);
  }
}

/**
 * RFC 8785 canonical JSON of a JSON value, as the `canonicalize` package writes it (same key order,
 * number and string forms, undefined members left out), but with an explicit stack instead of
 * recursion, so that a stored audit record of any depth can be hashed again when the chain is
 * verified. The one canonical form of the gateway: audit hashes, the state digest, ETags and
 * idempotency fingerprints all use it. Undefined for undefined, as `JSON.stringify` gives.
 */
export function canonicalJson(value: unknown): string | undefined {
  const root = jsonOf(value);
  if (root === null || typeof root !== 'object') {
    return scalarText(root);
  }
  let out = '';
  const pending: Task[] = [{ container: root }];
  for (let task = pending.pop(); task !== undefined; task = pending.pop()) {
    if (typeof task === 'string') {
      out += task;
    } else if (Array.isArray(task.container)) {
      pushArray(task.container as unknown[], pending);
    } else {
      pushObject(task.container as Record<string, unknown>, pending);
    }
  }
  return out;
}
