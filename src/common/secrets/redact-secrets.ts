import { isSecretKey, REDACTED, redactString } from './secret-policy';

/**
 * Twice the deepest body the parser admits (MAX_JSON_DEPTH): what lies below is replaced whole, so
 * that every later step (JSON.stringify, storage, hashing) stays bounded, even for a state read from
 * Squared or an odd log object.
 */
export const MAX_REDACTION_DEPTH = 64;

/**
 * How a sink treats an object that is not plain data (the logs: errors, requests, buffers): the value
 * to write instead, or undefined to walk it like any object.
 */
export type SpecialObject = (value: object) => { replaced: unknown } | undefined;

type Holder = Record<string | number, unknown>;

/** One value still to redact, and where its copy goes. */
interface Slot {
  holder: Holder;
  key: string | number;
  value: unknown;
  depth: number;
}

/**
 * A copy of `value` with every secret replaced (secrets-policy: a secret-named key's value, unless
 * null; a string that is a credential; credentials inside strings masked). The one redaction of logs
 * and audit records alike. Iterative, with an explicit stack: no input can overflow the call stack;
 * an object met twice (shared, or a cycle in a log object) is copied once.
 */
export function redactSecrets<T>(value: T, special?: SpecialObject): T {
  const root: Holder = {};
  const pending: Slot[] = [{ holder: root, key: 'value', value, depth: 0 }];
  const copies = new Map<object, unknown>();
  for (let slot = pending.pop(); slot; slot = pending.pop()) {
    setOwn(slot.holder, slot.key, redactOne(slot, pending, copies, special));
  }
  return root.value as T;
}

/** The redacted form of a key's value: the key's name decides first, then the value itself. */
export function redactEntry(key: string, value: unknown): unknown {
  return isSecretKey(key) && value !== null && value !== undefined
    ? REDACTED
    : redactSecrets(value);
}

function redactOne(
  { value, depth }: Slot,
  pending: Slot[],
  copies: Map<object, unknown>,
  special: SpecialObject | undefined,
): unknown {
  if (typeof value === 'string') {
    return redactString(value);
  }
  if (typeof value !== 'object' || value === null) {
    return value;
  }
  if (copies.has(value)) {
    return copies.get(value);
  }
  const handled = special?.(value);
  if (handled) {
    return handled.replaced;
  }
  if (depth >= MAX_REDACTION_DEPTH) {
    return REDACTED;
  }
  const copy = Array.isArray(value) ? new Array<unknown>(value.length) : {};
  copies.set(value, copy);
  pushMembers(value, copy as Holder, depth + 1, pending);
  return copy;
}

/** Fills `copy` with `value`'s members in their order, each to be redacted later (or now, by key). */
function pushMembers(value: object, copy: Holder, depth: number, pending: Slot[]): void {
  if (Array.isArray(value)) {
    value.forEach((item: unknown, index) =>
      pending.push({ holder: copy, key: index, value: item, depth }),
    );
    return;
  }
  for (const [key, item] of Object.entries(value)) {
    if (isSecretKey(key) && item !== null && item !== undefined) {
      setOwn(copy, key, REDACTED);
    } else {
      setOwn(copy, key, undefined); // keeps the member's place; its value is filled in when popped
      pending.push({ holder: copy, key, value: item, depth });
    }
  }
}

/** An own member even for `__proto__`, which a state read from Squared may hold as a key. */
function setOwn(holder: Holder, key: string | number, value: unknown): void {
  if (key === '__proto__') {
    Object.defineProperty(holder, key, {
      value,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  } else {
    holder[key] = value;
  }
}
