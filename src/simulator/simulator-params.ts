/**
 * How Rails turns a request body into `params`, and how dry-schema's Params processor coerces
 * values before the request-level rules look at them.
 */

export type Params = Record<string, unknown>;

export type ParsedBody = { kind: 'params'; params: Params } | { kind: 'malformed' };

const JSON_MIME_TYPES = ['application/json', 'text/x-json', 'application/jsonrequest'];

export function isJsonContentType(contentType: string | undefined): boolean {
  const mime = (contentType ?? '').split(';')[0].trim().toLowerCase();
  return JSON_MIME_TYPES.includes(mime);
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Rails parses only JSON bodies, and wraps a non-object document in `_json`. */
export function parseRailsBody(contentType: string | undefined, rawBody: string): ParsedBody {
  if (!isJsonContentType(contentType) || rawBody.trim() === '') {
    return { kind: 'params', params: {} };
  }
  try {
    const parsed: unknown = JSON.parse(rawBody);
    return { kind: 'params', params: isPlainObject(parsed) ? parsed : { _json: parsed } };
  } catch {
    return { kind: 'malformed' };
  }
}

/** Params coercion turns `""` into nil for typed keys. */
export function isNullish(value: unknown): boolean {
  return value === null || value === undefined || value === '';
}

/** dry-types' Params integer: integers, and strings holding one. */
export function coerceInteger(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isInteger(value)) {
    return value;
  }
  if (typeof value === 'string' && /^[-+]?\d+$/.test(value.trim())) {
    return Number.parseInt(value.trim(), 10);
  }
  return undefined;
}

/** dry-schema's `filled?`: not nil and not empty. */
export function isFilled(value: unknown): boolean {
  if (value === null || value === undefined) {
    return false;
  }
  if (typeof value === 'string' || Array.isArray(value)) {
    return value.length > 0;
  }
  return !isPlainObject(value) || Object.keys(value).length > 0;
}

export function hasKey(object: Record<string, unknown>, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(object, key);
}
