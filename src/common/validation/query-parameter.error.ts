import { FieldError, GatewayError } from '../errors/gateway.error';

/**
 * A request's query parameters are invalid: 422 `validation_failed` whose detail names them and whose
 * `errors` hold one entry per failed rule, `field` being the parameter's name (`limit`, `cursor`).
 */
export function invalidQueryParameters(errors: FieldError[]): GatewayError {
  const names = [...new Set(errors.map((error) => error.field))];
  const noun = names.length === 1 ? 'query parameter' : 'query parameters';
  return new GatewayError('validation_failed', `Invalid ${noun}: ${names.join(', ')}`, { errors });
}

export function invalidQueryParameter(name: string, message: string): GatewayError {
  return invalidQueryParameters([{ field: name, message }]);
}
