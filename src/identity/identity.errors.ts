import { GatewayError } from '../common/errors/gateway.error';

/** The IdP cannot be reached and no key or metadata is cached: not the caller's fault, so a 503. */
export class IdentityProviderUnavailable extends GatewayError {
  constructor() {
    super('service_unavailable', 'The identity provider cannot be reached', {
      headers: { 'Retry-After': '5' },
    });
  }
}

/**
 * Any failed check of a bearer JWT (RFC 6750 3.1). The detail stays generic: telling a caller which
 * check failed helps an attacker more than an honest client, and the log line has the reason.
 */
export function invalidTokenError(): GatewayError {
  return new GatewayError('unauthenticated', 'The bearer token is not valid', {
    headers: { 'WWW-Authenticate': 'Bearer realm="squared-gateway", error="invalid_token"' },
  });
}
