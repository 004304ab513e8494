import { ArgumentMetadata, PipeTransform, ValidationPipe } from '@nestjs/common';
import type { ValidationError } from 'class-validator';
import { GatewayError } from '../errors/gateway.error';
import { validationErrorsToFieldErrors } from './validation-errors';
import { invalidQueryParameters } from './query-parameter.error';

/**
 * The global pipe: request DTOs are strict (unknown keys are errors, never silently dropped) and a
 * failure is the contract's 422 `validation_failed` with one entry per field. The detail says where
 * the fields are: a query parameter (`GET /audit?limit=`) or the PATCH body.
 */
export class GatewayValidationPipe implements PipeTransform {
  private readonly body = strictPipe(
    (errors) =>
      new GatewayError('validation_failed', 'The request body is not a valid sync update', {
        errors: validationErrorsToFieldErrors(errors),
      }),
  );
  private readonly query = strictPipe((errors) =>
    invalidQueryParameters(validationErrorsToFieldErrors(errors)),
  );

  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    return (metadata.type === 'query' ? this.query : this.body).transform(value, metadata);
  }
}

export function createValidationPipe(): GatewayValidationPipe {
  return new GatewayValidationPipe();
}

function strictPipe(exceptionFactory: (errors: ValidationError[]) => GatewayError): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: false,
    exceptionFactory,
  });
}
