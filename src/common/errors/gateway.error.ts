import { ERROR_STATUS, ErrorCode } from './error-code';

/** One failing field of a `validation_failed` or `upstream_rejected` answer. */
export interface FieldError {
  /** Dotted path from the request body, e.g. `sync.sync_interval`. */
  field: string;
  message: string;
}

export interface GatewayErrorOptions {
  errors?: FieldError[];
  /** Response headers the error must carry (e.g. `Retry-After`, `ETag`). */
  headers?: Record<string, string>;
  /** Extra problem members (e.g. `limit` on `rate_limited`). */
  extensions?: Record<string, unknown>;
  /** Squared's status when the error stands for an upstream answer (for the audit log, never shown). */
  upstreamStatus?: number;
}

/**
 * The gateway's own error: carries a contract code, never an upstream object. The global filter turns it
 * into `application/problem+json`. `detail` is shown to callers: never put a secret, header value or
 * upstream URL in it.
 */
export class GatewayError extends Error {
  readonly status: number;

  constructor(
    readonly code: ErrorCode,
    readonly detail: string,
    readonly options: GatewayErrorOptions = {},
  ) {
    super(detail);
    this.name = 'GatewayError';
    this.status = ERROR_STATUS[code];
  }
}
