const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** A key that could reach an object's prototype once the body is copied or merged. */
export function isForbiddenKey(key: string): boolean {
  return FORBIDDEN_KEYS.has(key);
}

function joinPath(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}

/**
 * The dotted path of the first `__proto__`, `constructor` or `prototype` own key anywhere in a parsed
 * JSON body (objects and arrays, any depth), or `undefined` when there is none. Walks iteratively so a
 * deeply nested body cannot overflow the stack.
 */
export function findForbiddenKey(value: unknown, path = ''): string | undefined {
  const pending: Array<{ value: unknown; path: string }> = [{ value, path }];
  for (let current = pending.pop(); current; current = pending.pop()) {
    if (typeof current.value !== 'object' || current.value === null) {
      continue;
    }
    const keys = Object.keys(current.value);
    const forbidden = keys.find(isForbiddenKey);
    if (forbidden !== undefined) {
      return joinPath(current.path, forbidden);
    }
    const children = current.value as Record<string, unknown>;
    for (const key of [...keys].reverse()) {
      pending.push({ value: children[key], path: joinPath(current.path, key) });
    }
  }
  return undefined;
}
