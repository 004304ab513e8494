import { ValidationPipe } from '@nestjs/common';
import { GatewayError } from '../errors/gateway.error';
import { validationErrorsToFieldErrors } from '../../syncs/dto/validation-errors';

/**
 * The global pipe: request DTOs are strict (unknown keys are errors, never silently dropped) and a
 * failure is the contract's 422 `validation_failed` with one entry per field.
 */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: false,
    exceptionFactory: (errors) =>
      new GatewayError('validation_failed', 'The request body is not a valid sync update', {
        errors: validationErrorsToFieldErrors(errors),
      }),
  });
}
