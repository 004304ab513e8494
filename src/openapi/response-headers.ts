import type { HeaderObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { REQUEST_ID_PATTERN } from '../common/http/request-id';

export type HeadersObject = Record<string, HeaderObject>;

/** Sent on every answer (set in the first request hook), so it is declared on every response. */
export const REQUEST_ID_HEADER: HeadersObject = {
  'X-Request-Id': {
    required: true,
    description: "The caller's X-Request-Id when valid, otherwise a new UUID",
    schema: { type: 'string', pattern: REQUEST_ID_PATTERN.source },
  },
};

export const ETAG_HEADER: HeadersObject = {
  ETag: {
    required: true,
    description: 'Strong validator of the ten writable fields',
    schema: { type: 'string', pattern: '^"[^"]*"$' },
  },
};

/** On every answer of a rate-limited route once the caller is known (not on 401/403). */
export const RATE_LIMIT_HEADERS: HeadersObject = {
  RateLimit: {
    description: 'What remains of each quota counted for this request, and seconds until reset',
    schema: { type: 'string', example: '"client";r=12;t=40, "org";r=3;t=40' },
  },
  'RateLimit-Policy': {
    description: 'Each quota and its window in seconds',
    schema: { type: 'string', example: '"client";q=60;w=60, "org";q=40;w=60' },
  },
};

export const retryAfterHeader = (required: boolean): HeadersObject => ({
  'Retry-After': {
    required,
    description: 'Seconds to wait before retrying',
    schema: { type: 'integer', minimum: 0 },
  },
});

export const WWW_AUTHENTICATE_HEADER: HeadersObject = {
  'WWW-Authenticate': {
    required: true,
    schema: { type: 'string', example: 'Bearer realm="squared-gateway"' },
  },
};

export const IDEMPOTENT_REPLAYED_HEADER: HeadersObject = {
  'Idempotent-Replayed': {
    description: 'Present on a repeat of an Idempotency-Key: the first answer, replayed',
    schema: { type: 'string', enum: ['true'] },
  },
};
