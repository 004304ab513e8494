import { ValidateBy, ValidationOptions } from 'class-validator';

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A non-empty v1 mapping object, or a non-empty v2 array whose elements are all objects. */
export function isSyncConfigurationShape(value: unknown): boolean {
  if (Array.isArray(value)) {
    return value.length > 0 && value.every(isPlainObject);
  }
  return isPlainObject(value) && Object.keys(value).length > 0;
}

/**
 * The shape of `configuration` (squared-api.md section 5.3). Element keys of the v2 array form are
 * checked by `SyncMappingDto`.
 */
export function IsSyncConfiguration(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isSyncConfiguration',
      validator: {
        validate: isSyncConfigurationShape,
        defaultMessage: () =>
          'must be a non-empty object (v1 mapping) or a non-empty array of mapping objects (v2)',
      },
    },
    options,
  );
}
