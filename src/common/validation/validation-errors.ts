import { ValidationError } from 'class-validator';
import { FieldError } from '../errors/gateway.error';

/** class-validator's constraint name for a key rejected by `forbidNonWhitelisted`. */
const WHITELIST_CONSTRAINT = 'whitelistValidation';
const UNKNOWN_VALUE_CONSTRAINT = 'unknownValue';

function joinPath(prefix: string, property: string | undefined): string {
  if (property === undefined || property === '') {
    return prefix;
  }
  return prefix === '' ? property : `${prefix}.${property}`;
}

function unknownKeyMessage(parentPath: string): string {
  return parentPath === 'sync' ? 'is not a writable field' : 'is not an allowed key';
}

function readableMessage(
  constraint: string,
  message: string,
  error: ValidationError,
  parentPath: string,
): string {
  const property = error.property ?? '';
  if (constraint === WHITELIST_CONSTRAINT) {
    return unknownKeyMessage(parentPath);
  }
  if (constraint === UNKNOWN_VALUE_CONSTRAINT) {
    return 'must be an object';
  }
  // Built-in messages start with the property name, which `field` already carries.
  return message.startsWith(`${property} `) ? message.slice(property.length + 1) : message;
}

/**
 * Flattens nested class-validator errors into the contract's field errors: one entry per failed
 * constraint, `field` being the full dotted path (`sync.configuration.0.from`). A key rejected by
 * `forbidNonWhitelisted` reads `is not a writable field` directly under `sync`, `is not an allowed key`
 * elsewhere (a top-level body key, a key inside a `configuration` mapping).
 */
export function validationErrorsToFieldErrors(
  errors: ValidationError[],
  prefix = '',
): FieldError[] {
  return errors.flatMap((error) => {
    const field = joinPath(prefix, error.property);
    const own = Object.entries(error.constraints ?? {}).map(([constraint, message]) => ({
      field,
      message: readableMessage(constraint, message, error, prefix),
    }));
    return [...own, ...validationErrorsToFieldErrors(error.children ?? [], field)];
  });
}
