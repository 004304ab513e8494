import { applyDecorators } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConsumes,
  ApiExtraModels,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiQuery,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import { ApiProblemResponses } from './api-problem-responses.decorator';
import { DryRunResultSchema, SyncDocumentSchema } from './sync-document.schema';

const SYNC_ID = ApiParam({
  name: 'id',
  description: 'Squared sync id',
  schema: { type: 'integer', minimum: 1, maximum: 2147483647 },
});
const ETAG_HEADER = {
  ETag: { description: 'Strong validator of the ten writable fields', schema: { type: 'string' } },
};

/** OpenAPI description of the `/syncs` routes, kept out of the controller. */
export const ApiSyncsController = () => applyDecorators(ApiTags('syncs'), ApiBearerAuth());

export const ApiGetSync = () =>
  applyDecorators(
    ApiOperation({ summary: 'Read a sync as Squared returns it (scope syncs:read)' }),
    SYNC_ID,
    ApiOkResponse({ type: SyncDocumentSchema, headers: ETAG_HEADER }),
    ApiProblemResponses(400, 401, 403, 404, 429, 500, 502, 504),
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
      headers: ETAG_HEADER,
      schema: {
        oneOf: [
          { $ref: getSchemaPath(SyncDocumentSchema) },
          { $ref: getSchemaPath(DryRunResultSchema) },
        ],
      },
    }),
    ApiProblemResponses(400, 401, 403, 404, 409, 412, 413, 415, 422, 428, 429, 500, 502, 503, 504),
  );
