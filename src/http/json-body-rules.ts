import { FieldError } from '../common/errors/gateway.error';
import { isForbiddenKey } from '../common/json/forbidden-keys';

/**
 * Deepest nesting of objects and arrays a body may have (the body itself is level 1). A PATCH body
 * needs 5 (`{sync: {configuration: [{embedding_config: {…}}]}}`); the limit is what keeps every
 * recursive step after the parser (validation, clone, merge, redaction, hashing) shallow.
 */
export const MAX_JSON_DEPTH = 32;

/** Why a parsed body is refused: a message for `detail`, and the field that breaks the rule. */
export interface JsonBodyViolation {
  detail: string;
  error: FieldError;
}

interface Visit {
  value: unknown;
  depth: number;
  key: string;
  parent: Visit | undefined;
}

/** Dotted path (`sync.configuration.0.from`), built only for the node being reported. */
function pathOf(visit: Visit): string {
  const keys: string[] = [];
  for (let at: Visit | undefined = visit; at?.parent; at = at.parent) {
    keys.push(at.key);
  }
  return keys.reverse().join('.');
}

function violation(visit: Visit, detail: string, message: string): JsonBodyViolation {
  return { detail, error: { field: pathOf(visit), message } };
}

/** JSON.parse turns `1e400` into Infinity, and an integer past 2^53 into a neighbouring one. */
function numberViolation(visit: Visit, value: number): JsonBodyViolation | undefined {
  if (!Number.isFinite(value)) {
    return violation(visit, 'The body holds a number out of range', 'is not a finite number');
  }
  if (Number.isInteger(value) && !Number.isSafeInteger(value)) {
    return violation(
      visit,
      'The body holds an integer that cannot be carried exactly',
      'is an integer beyond ±9007199254740991, which would lose precision',
    );
  }
  return undefined;
}

function containerViolation(visit: Visit, keys: string[]): JsonBodyViolation | undefined {
  if (visit.depth > MAX_JSON_DEPTH) {
    return violation(
      visit,
      `The body nests deeper than ${MAX_JSON_DEPTH} levels`,
      `nests deeper than ${MAX_JSON_DEPTH} levels`,
    );
  }
  const forbidden = keys.find(isForbiddenKey);
  if (forbidden !== undefined) {
    const at = { value: undefined, depth: visit.depth + 1, key: forbidden, parent: visit };
    return violation(at, 'The body contains a forbidden key', 'is a forbidden key');
  }
  return undefined;
}

/**
 * The first rule a parsed JSON body breaks, in document order, or undefined: nesting deeper than
 * `MAX_JSON_DEPTH`, a `__proto__`/`constructor`/`prototype` key, a non-finite number, or an integer
 * outside the safe range. Iterative, so any body `JSON.parse` accepts is walked without recursion.
 */
export function findJsonBodyViolation(body: unknown): JsonBodyViolation | undefined {
  const pending: Visit[] = [{ value: body, depth: 1, key: '', parent: undefined }];
  for (let visit = pending.pop(); visit; visit = pending.pop()) {
    const { value } = visit;
    if (typeof value === 'number') {
      const found = numberViolation(visit, value);
      if (found) {
        return found;
      }
    } else if (typeof value === 'object' && value !== null) {
      const keys = Object.keys(value);
      const found = containerViolation(visit, keys);
      if (found) {
        return found;
      }
      const children = value as Record<string, unknown>;
      for (let index = keys.length - 1; index >= 0; index -= 1) {
        const key = keys[index];
        pending.push({ value: children[key], depth: visit.depth + 1, key, parent: visit });
      }
    }
  }
  return undefined;
}
