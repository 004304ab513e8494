import { ValidateBy, ValidationOptions } from 'class-validator';

/** A string, finite number or boolean (`null` is left to `@IsOptional()`). */
export function IsJsonScalar(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isJsonScalar',
      validator: {
        validate: (value: unknown) =>
          typeof value === 'string' ||
          typeof value === 'boolean' ||
          (typeof value === 'number' && Number.isFinite(value)),
        defaultMessage: () => 'must be a string, number, boolean or null',
      },
    },
    options,
  );
}
