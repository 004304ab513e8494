/** What a handler answers; the server turns it into an HTTP response. */
export interface SimResponse {
  status: number;
  /** An object is sent as JSON; a string is sent raw. */
  body: unknown;
  headers?: Record<string, string>;
}

export const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';

export type ValidationErrors = Record<string, unknown>;

/** Section 8.1: 401, 403 and 422 record validation. */
export function errorList(
  status: number,
  detail: string,
  source?: Record<string, string>,
): SimResponse {
  const error = source
    ? { status, title: 'Error', detail, source }
    : { status, title: 'Error', detail };
  return { status, body: { errors: [error] } };
}

export function unauthorized(): SimResponse {
  return errorList(401, 'Unauthorized');
}

export function forbidden(): SimResponse {
  return errorList(403, 'You are not authorized to do this action');
}

export function syncUpdateFailed(source: Record<string, string>): SimResponse {
  return errorList(422, 'Sync update failed', source);
}

/** Section 8.2: 404, 422 empty `sync`, 429. */
export function singleError(
  status: number,
  error: string,
  headers?: Record<string, string>,
): SimResponse {
  return { status, body: { error }, headers };
}

export function syncNotFound(rawId: string): SimResponse {
  return singleError(
    404,
    `Couldn't find Sync with 'id'=${rawId} [WHERE "syncs"."discarded_at" IS NULL AND "syncs"."workspace_id" = $1]`,
  );
}

export function tooManyRequests(retryAfterSeconds: number): SimResponse {
  return singleError(429, 'Too many requests. Please try again later.', {
    'Content-Type': 'application/json',
    'Retry-After': String(retryAfterSeconds),
  });
}

/** Section 8.3: 400 request-level rules. */
export function validationFailed(errors: ValidationErrors): SimResponse {
  return { status: 400, body: { errors } };
}

/** Section 8.4: 400 from exceptions inside the handler. */
export function badRequest(reason: string): SimResponse {
  return {
    status: 400,
    body: {
      errors: [
        {
          status: 400,
          title: 'Bad Request',
          detail: `There was a problem with the request format: ${reason}`,
          source: { pointer: '/request/payload' },
        },
      ],
    },
  };
}

/** Section 8.5: failures outside the handler, as answered with `Accept: application/json`. */
export function frameworkError(status: 400 | 404 | 500): SimResponse {
  const error = { 400: 'Bad Request', 404: 'Not Found', 500: 'Internal Server Error' }[status];
  return { status, body: { status, error } };
}

export function ok(body: unknown): SimResponse {
  return { status: 200, body };
}
