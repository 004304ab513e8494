import { applyDecorators } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConsumes,
  ApiCookieAuth,
  ApiExtraModels,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiQuery,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import type { ErrorCode } from '../common/errors/error-code';
import { ApiProblemResponses, ProblemAnswer } from './api-problem-responses.decorator';
import {
  ETAG_HEADER,
  HeadersObject,
  IDEMPOTENT_REPLAYED_HEADER,
  RATE_LIMIT_HEADERS,
  retryAfterHeader,
  WWW_AUTHENTICATE_HEADER,
} from './response-headers';
import { DryRunResultSchema, SyncDocumentSchema } from './sync-document.schema';
import { SESSION_COOKIE_SCHEME } from './auth.api';

const SYNC_ID = ApiParam({
  name: 'id',
  description: 'Squared sync id',
  schema: { type: 'integer', minimum: 1, maximum: 2147483647 },
});

/** An error of a rate-limited route: it carries the RateLimit headers once the caller is known. */
const limited = (
  status: number,
  headers: HeadersObject = {},
  codes?: ErrorCode[],
): ProblemAnswer => ({
  status,
  codes,
  headers: { ...RATE_LIMIT_HEADERS, ...headers },
});

/** Answers below 500 (but 409 and 429) are kept for an Idempotency-Key and replayed with a header. */
const replayable = (status: number, headers: HeadersObject = {}): ProblemAnswer =>
  limited(status, { ...IDEMPOTENT_REPLAYED_HEADER, ...headers });

/** The guard's refusals: before the quotas, so without RateLimit headers. */
const UNAUTHENTICATED: ProblemAnswer = { status: 401, headers: WWW_AUTHENTICATE_HEADER };
const RATE_LIMITED = limited(429, retryAfterHeader(true));

/** OpenAPI description of the `/syncs` routes, kept out of the controller. */
export const ApiSyncsController = () =>
  applyDecorators(ApiTags('syncs'), ApiBearerAuth(), ApiCookieAuth(SESSION_COOKIE_SCHEME));

export const ApiGetSync = () =>
  applyDecorators(
    ApiOperation({ summary: 'Read a sync as Squared returns it (scope syncs:read)' }),
    SYNC_ID,
    ApiOkResponse({ type: SyncDocumentSchema, headers: { ...ETAG_HEADER, ...RATE_LIMIT_HEADERS } }),
    ApiProblemResponses(
      limited(400),
      UNAUTHENTICATED,
      403,
      limited(404),
      RATE_LIMITED,
      limited(500),
      limited(502),
      // The shared Squared session (service account with Redis) or a closed rate-limit store.
      limited(503, retryAfterHeader(false), ['service_unavailable']),
      limited(504),
    ),
  );

export const ApiPatchSync = () =>
  applyDecorators(
    ApiOperation({
      summary: 'Partially update a sync, JSON Merge Patch (scope syncs:write)',
      description:
        'Reads the sync, merges the patch (RFC 7396), validates the merged record against Squared rules and sends the full PUT. Read-only or unknown fields are rejected with 422.',
    }),
    SYNC_ID,
    ApiConsumes('application/json', 'application/merge-patch+json'),
    ApiQuery({ name: 'dryRun', required: false, schema: { type: 'boolean', default: false } }),
    ApiHeader({ name: 'If-Match', required: false, description: 'ETag from a read, or *' }),
    ApiHeader({
      name: 'Idempotency-Key',
      required: false,
      description: '1–255 visible ASCII characters; a repeat within 24 h replays the first answer',
    }),
    ApiExtraModels(SyncDocumentSchema, DryRunResultSchema),
    ApiOkResponse({
      description:
        "The updated sync (or, with dryRun=true, the sync as it would be; its ETag is then the current state's, for If-Match on the real PATCH)",
      headers: { ...ETAG_HEADER, ...RATE_LIMIT_HEADERS, ...IDEMPOTENT_REPLAYED_HEADER },
      schema: {
        // A dry run also has `data`: without the `not`, it would match both and fail `oneOf`.
        oneOf: [
          { allOf: [{ $ref: getSchemaPath(SyncDocumentSchema) }], not: { required: ['changes'] } },
          { $ref: getSchemaPath(DryRunResultSchema) },
        ],
      },
    }),
    ApiProblemResponses(
      replayable(400),
      UNAUTHENTICATED,
      403,
      replayable(404),
      limited(409, retryAfterHeader(true)),
      replayable(412, ETAG_HEADER),
      413,
      415,
      replayable(422),
      replayable(428),
      RATE_LIMITED,
      limited(500),
      limited(502),
      limited(503, retryAfterHeader(false)),
      limited(504),
    ),
  );
