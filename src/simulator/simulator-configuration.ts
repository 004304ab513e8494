import type { JsonObject, JsonValue } from '../common/json/json-value';
import { isPlainObject } from './simulator-params';

const SCALAR_MAPPING_KEYS = [
  'from',
  'to',
  'mapping_type',
  'value',
  'value_type',
  'template',
  'field_type',
  'hide_embedding',
];
const EMBEDDING_CONFIG_KEYS = ['mode', 'model', 'api_key'];

function isScalar(value: unknown): value is string | number | boolean | null {
  return value === null || ['string', 'number', 'boolean'].includes(typeof value);
}

/** Rails' `permit` of scalar keys: other keys and non-scalar values are dropped. */
function permitScalars(source: Record<string, unknown>, keys: string[]): JsonObject {
  const permitted: JsonObject = {};
  for (const key of keys) {
    const value = source[key];
    if (key in source && isScalar(value)) {
      permitted[key] = value;
    }
  }
  return permitted;
}

function permitMapping(element: Record<string, unknown>): JsonObject {
  const mapping = permitScalars(element, SCALAR_MAPPING_KEYS);
  if (isPlainObject(element.embedding_config)) {
    mapping.embedding_config = permitScalars(element.embedding_config, EMBEDDING_CONFIG_KEYS);
  }
  return mapping;
}

/**
 * What the upstream stores for a requested `configuration` (squared-api.md section 5.3):
 * a v1 object raw, a v2 array filtered to permitted keys (non-object elements dropped),
 * and `undefined` (keep the stored value) for anything else.
 */
export function storedConfiguration(requested: unknown): JsonValue | undefined {
  if (isPlainObject(requested)) {
    return structuredClone(requested) as JsonObject;
  }
  if (Array.isArray(requested)) {
    return requested.filter(isPlainObject).map(permitMapping);
  }
  return undefined;
}

/** `presence` validation: nil, empty string, empty array and empty object are blank. */
export function isBlankConfiguration(value: JsonValue): boolean {
  if (value === null || value === '' || value === false) {
    return true;
  }
  if (Array.isArray(value)) {
    return value.length === 0;
  }
  return isPlainObject(value) && Object.keys(value).length === 0;
}
