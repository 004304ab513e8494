const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** A key that could reach an object's prototype once the body is copied or merged. */
export function isForbiddenKey(key: string): boolean {
  return FORBIDDEN_KEYS.has(key);
}
