import { ArgumentMetadata, PipeTransform, ValidationPipe } from '@nestjs/common';
import type { ValidationError } from 'class-validator';
import { GatewayError } from '../errors/gateway.error';
import { validationErrorsToFieldErrors } from './validation-errors';
import { invalidQueryParameters } from './query-parameter.error';

/**
 * The global pipe: request DTOs are strict (unknown keys are errors, never silently dropped) and a
 * failure is the contract's 422 `validation_failed` with one entry per field. The detail says where
 * the fields are: a query parameter (`GET /audit?limit=`) or the PATCH body. A body comes out as the
 * validated DTO instance (`transform`), not copied back to a plain object once more: its DTOs declare
 * their fields (no own keys but the sent ones) and no consumer looks at its prototype. A query and
 * route parameters keep their values as they came.
 */
export class GatewayValidationPipe implements PipeTransform {
  private readonly body = strictPipe(bodyInvalid, true);
  // Route parameters and the rest as they came: a transforming pipe would turn `:id` into a number
  // before `SyncIdPipe` reads the text.
  private readonly other = strictPipe(bodyInvalid, false);
  private readonly query = strictPipe(
    (errors) => invalidQueryParameters(validationErrorsToFieldErrors(errors)),
    false,
  );

  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    const pipe =
      metadata.type === 'query' ? this.query : metadata.type === 'body' ? this.body : this.other;
    return pipe.transform(value, metadata);
  }
}

export function createValidationPipe(): GatewayValidationPipe {
  return new GatewayValidationPipe();
}

function bodyInvalid(errors: ValidationError[]): GatewayError {
  return new GatewayError('validation_failed', 'The request body is not a valid sync update', {
    errors: validationErrorsToFieldErrors(errors),
  });
}

function strictPipe(
  exceptionFactory: (errors: ValidationError[]) => GatewayError,
  transform: boolean,
): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform,
    exceptionFactory,
  });
}
