import { applyDecorators } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCookieAuth,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { SESSION_COOKIE_SCHEME } from './auth.api';
import { ApiProblemResponses } from './api-problem-responses.decorator';
import { AuditPageSchema } from './audit-page.schema';
import { retryAfterHeader, WWW_AUTHENTICATE_HEADER } from './response-headers';

/** On the class: a method-level tag would leave the controller's automatic tag ("Audit") beside it. */
export const ApiAuditController = () =>
  applyDecorators(ApiTags('audit'), ApiBearerAuth(), ApiCookieAuth(SESSION_COOKIE_SCHEME));

/** OpenAPI description of `GET /audit`, kept out of the controller. */
export const ApiListAudit = () =>
  applyDecorators(
    ApiOperation({ summary: 'Query the audit log, newest first (scope audit:read)' }),
    ApiOkResponse({ type: AuditPageSchema }),
    ApiProblemResponses(
      400, // two Authorization headers (a bad cursor is a 422 like every query error)
      { status: 401, headers: WWW_AUTHENTICATE_HEADER },
      403,
      // A query parameter out of its range; the other 422 codes belong to PATCH.
      { status: 422, codes: ['validation_failed'] },
      500,
      // The audit store, the session store, or the IdP (a bearer JWT before any key was fetched),
      // unreachable.
      {
        status: 503,
        codes: ['audit_unavailable', 'service_unavailable'],
        headers: retryAfterHeader(true),
      },
    ),
  );
