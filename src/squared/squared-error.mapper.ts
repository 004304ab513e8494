import { GatewayError, FieldError } from '../common/errors/gateway.error';
import { SquaredTransportError } from './squared-transport.error';

/** What went wrong with an exchange, for the caller; mapping table in squared-api.md section 12.13. */
export interface SquaredAnswer {
  status: number;
  body: unknown;
  retryAfter: string | undefined;
}

const DEFAULT_RETRY_AFTER_SECONDS = 60;

/** @returns the gateway error that an upstream non-2xx answer stands for, carrying Squared's status. */
export function mapSquaredFailure(answer: SquaredAnswer, syncId: number): GatewayError {
  const error = mapByStatus(answer, syncId);
  error.options.upstreamStatus = answer.status;
  return error;
}

function mapByStatus(answer: SquaredAnswer, syncId: number): GatewayError {
  const { status, body } = answer;
  if (status === 404) {
    return new GatewayError(
      'sync_not_found',
      `Sync ${syncId} does not exist in the configured workspace`,
    );
  }
  if (status === 429) {
    return upstreamRateLimited(answer.retryAfter);
  }
  if (status === 401 || status === 403) {
    return upstreamError(`Squared refused the gateway's own credentials (${status})`);
  }
  if (status === 400) {
    return mapBadRequest(body);
  }
  if (status === 422) {
    return mapUnprocessable(body);
  }
  return upstreamError(`Squared answered ${status}`);
}

export function mapTransportFailure(error: SquaredTransportError): GatewayError {
  return error.kind === 'timeout'
    ? new GatewayError(
        'upstream_timeout',
        'Squared did not answer in time; the change may have been applied',
      )
    : upstreamError('Squared could not be reached');
}

export function upstreamError(detail: string): GatewayError {
  return new GatewayError('upstream_error', detail);
}

function upstreamRateLimited(retryAfter: string | undefined): GatewayError {
  const seconds =
    retryAfter && /^\d{1,6}$/.test(retryAfter.trim())
      ? Number(retryAfter)
      : DEFAULT_RETRY_AFTER_SECONDS;
  return new GatewayError('upstream_rate_limited', 'Squared is rate limiting the gateway', {
    headers: { 'Retry-After': String(seconds) },
  });
}

/** 400 comes in three shapes: the validation object, the bad-request list, and the framework default. */
function mapBadRequest(body: unknown): GatewayError {
  const errors = (body as { errors?: unknown } | null)?.errors;
  if (isPlainObject(errors)) {
    return rejected(flattenValidationObject(errors));
  }
  const detail = firstErrorDetail(errors);
  const invalidValue = detail && /'.*' is not a valid (\w+)/.exec(detail);
  if (invalidValue) {
    return rejected([{ field: `sync.${invalidValue[1]}`, message: 'is not a valid value' }]);
  }
  if (detail?.includes('Workspace not found')) {
    return upstreamError(
      'Squared does not know the configured workspace (check SQUARED_WORKSPACE_ID)',
    );
  }
  return upstreamError('Squared failed to handle the request (400)');
}

/** 422 with a `source` map is a record-level rule; a bare `error` string means the gateway sent `{}`. */
function mapUnprocessable(body: unknown): GatewayError {
  const errors = (body as { errors?: unknown } | null)?.errors;
  const source = Array.isArray(errors)
    ? (errors[0] as { source?: unknown } | undefined)?.source
    : undefined;
  if (isPlainObject(source)) {
    const fieldErrors = Object.entries(source).map(([field, message]) => ({
      field: `sync.${field}`,
      message: String(message),
    }));
    return rejected(fieldErrors);
  }
  return new GatewayError('internal_error', 'The gateway sent Squared an empty update');
}

function rejected(errors: FieldError[]): GatewayError {
  return new GatewayError('upstream_rejected', 'Squared rejected the update', { errors });
}

function flattenValidationObject(errors: Record<string, unknown>, prefix = ''): FieldError[] {
  return Object.entries(errors).flatMap(([key, value]): FieldError[] => {
    const field = prefix + key;
    if (Array.isArray(value)) {
      return value.map((message) => ({ field, message: String(message) }));
    }
    return isPlainObject(value) ? flattenValidationObject(value, `${field}.`) : [];
  });
}

function firstErrorDetail(errors: unknown): string | undefined {
  const first = Array.isArray(errors) ? (errors[0] as { detail?: unknown } | undefined) : undefined;
  return typeof first?.detail === 'string' ? first.detail : undefined;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
