import { ValidateBy, ValidationOptions } from 'class-validator';
import { isValidSquaredCron } from '../../squared/squared-cron';

/** A string Squared's cron parser (fugit 1.11) accepts; see `isValidSquaredCron`. */
export function IsSquaredCron(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isSquaredCron',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && isValidSquaredCron(value),
        defaultMessage: () =>
          'must be a cron expression Squared accepts: 5 or 6 fields with an optional time zone, or @daily and similar',
      },
    },
    options,
  );
}
