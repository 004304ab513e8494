import { ValidateBy, ValidationOptions } from 'class-validator';

const INT32_MAX = 2_147_483_647;

/** An integer from 1 to 2147483647: Squared's id and interval columns are 32-bit integers. */
export function IsPositiveInt32(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isPositiveInt32',
      validator: {
        validate: (value: unknown) =>
          typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= INT32_MAX,
        defaultMessage: () => `must be an integer from 1 to ${INT32_MAX}`,
      },
    },
    options,
  );
}
