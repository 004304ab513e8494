import { ValidationError } from 'class-validator';
import { validationErrorsToFieldErrors } from './validation-errors';

function validationError(
  property: string,
  constraints?: Record<string, string>,
  children: ValidationError[] = [],
): ValidationError {
  return Object.assign(new ValidationError(), { property, constraints, children });
}

describe('validationErrorsToFieldErrors', () => {
  it('flattens nested errors to dotted paths, one entry per constraint', () => {
    const errors = [
      validationError('sync', undefined, [
        validationError('configuration', undefined, [
          validationError('0', undefined, [
            validationError('from', {
              isJsonScalar: 'must be a string, number, boolean or null',
              other: 'from is wrong',
            }),
          ]),
        ]),
        validationError('stream_name', { isString: 'stream_name must be a string' }),
      ]),
    ];

    expect(validationErrorsToFieldErrors(errors)).toEqual([
      { field: 'sync.configuration.0.from', message: 'must be a string, number, boolean or null' },
      { field: 'sync.configuration.0.from', message: 'is wrong' },
      { field: 'sync.stream_name', message: 'must be a string' },
    ]);
  });

  it('applies the prefix', () => {
    const errors = [validationError('sync_interval', { isInt: 'must be an integer' })];

    expect(validationErrorsToFieldErrors(errors, 'sync')).toEqual([
      { field: 'sync.sync_interval', message: 'must be an integer' },
    ]);
  });

  it('names unknown keys by their full path', () => {
    const whitelist = (property: string) =>
      validationError(property, { whitelistValidation: `property ${property} should not exist` });
    const errors = [
      validationError('sync', undefined, [
        whitelist('status'),
        validationError('configuration', undefined, [
          validationError('0', undefined, [whitelist('isRequired')]),
        ]),
      ]),
      whitelist('extra'),
    ];

    expect(validationErrorsToFieldErrors(errors)).toEqual([
      { field: 'sync.status', message: 'is not a writable field' },
      { field: 'sync.configuration.0.isRequired', message: 'is not an allowed key' },
      { field: 'extra', message: 'is not an allowed key' },
    ]);
  });

  it('returns an empty list for no errors', () => {
    expect(validationErrorsToFieldErrors([])).toEqual([]);
  });
});
