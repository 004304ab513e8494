import { applyDecorators } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblemResponses } from './api-problem-responses.decorator';
import { AuditPageSchema } from './audit-page.schema';

/** OpenAPI description of `GET /audit`, kept out of the controller. */
export const ApiListAudit = () =>
  applyDecorators(
    ApiTags('audit'),
    ApiBearerAuth(),
    ApiOperation({ summary: 'Query the audit log, newest first (scope audit:read)' }),
    ApiOkResponse({ type: AuditPageSchema }),
    ApiProblemResponses(400, 401, 403, 422, 500, 503),
  );
