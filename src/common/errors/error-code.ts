/**
 * The stable, machine-readable error codes of the gateway contract (section 6), with the HTTP status
 * each one is answered with. Callers switch on `code`; never rename one.
 */
export const ERROR_STATUS = {
  bad_request: 400,
  unauthenticated: 401,
  forbidden: 403,
  csrf_required: 403,
  sync_not_found: 404,
  not_found: 404,
  method_not_allowed: 405,
  request_timeout: 408,
  idempotency_conflict: 409,
  precondition_failed: 412,
  payload_too_large: 413,
  unsupported_media_type: 415,
  validation_failed: 422,
  idempotency_key_reused: 422,
  upstream_rejected: 422,
  precondition_required: 428,
  rate_limited: 429,
  headers_too_large: 431,
  upstream_rate_limited: 429,
  internal_error: 500,
  upstream_error: 502,
  audit_unavailable: 503,
  service_unavailable: 503,
  upstream_timeout: 504,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export const ERROR_TITLES: Record<ErrorCode, string> = {
  bad_request: 'Bad request',
  unauthenticated: 'Authentication required',
  forbidden: 'Forbidden',
  csrf_required: 'X-CSRF header required',
  sync_not_found: 'Sync not found',
  not_found: 'Not found',
  method_not_allowed: 'Method not allowed',
  request_timeout: 'Request not received in time',
  idempotency_conflict: 'Request with this Idempotency-Key is still in flight',
  precondition_failed: 'Precondition failed',
  payload_too_large: 'Payload too large',
  unsupported_media_type: 'Unsupported media type',
  validation_failed: 'Validation failed',
  idempotency_key_reused: 'Idempotency-Key reused with a different body',
  upstream_rejected: 'Squared rejected the update',
  precondition_required: 'Precondition required',
  rate_limited: 'Rate limit exceeded',
  headers_too_large: 'Request headers too large',
  upstream_rate_limited: 'Squared rate limit exceeded',
  internal_error: 'Internal error',
  upstream_error: 'Squared is unavailable or answered unexpectedly',
  audit_unavailable: 'Audit log unavailable',
  service_unavailable: 'Service unavailable',
  upstream_timeout: 'Squared did not answer in time',
};
