import { applyDecorators } from '@nestjs/common';
import { ApiExtraModels, ApiResponse, getSchemaPath } from '@nestjs/swagger';
import { ERROR_STATUS, ErrorCode } from '../common/errors/error-code';
import { PROBLEM_CONTENT_TYPE } from '../common/errors/problem';
import { FieldErrorSchema, ProblemDocumentSchema } from './problem-document.schema';

/** The codes the gateway answers with each status, read from the one error table. */
function codesFor(status: number): ErrorCode[] {
  return (Object.keys(ERROR_STATUS) as ErrorCode[]).filter((code) => ERROR_STATUS[code] === status);
}

/**
 * Documents error answers as `application/problem+json` problem documents, naming the codes each
 * status can carry (so the document follows `error-code.ts` instead of repeating it).
 */
export function ApiProblemResponses(...statuses: number[]): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ApiExtraModels(ProblemDocumentSchema, FieldErrorSchema),
    ...statuses.map((status) =>
      ApiResponse({
        status,
        description: `Problem document; code: ${codesFor(status).join(', ') || 'internal_error'}`,
        content: {
          [PROBLEM_CONTENT_TYPE]: { schema: { $ref: getSchemaPath(ProblemDocumentSchema) } },
        },
      }),
    ),
  );
}
