import { applyDecorators } from '@nestjs/common';
import { ApiExtraModels, ApiResponse, getSchemaPath } from '@nestjs/swagger';
import { ERROR_STATUS, ErrorCode } from '../common/errors/error-code';
import { PROBLEM_CONTENT_TYPE } from '../common/errors/problem';
import { FieldErrorSchema, ProblemDocumentSchema } from './problem-document.schema';
import type { HeadersObject } from './response-headers';

/** One documented error status: the codes a route answers with it (default: all of the status's). */
export interface ProblemAnswer {
  status: number;
  codes?: ErrorCode[];
  headers?: HeadersObject;
}

/** The codes the gateway answers with each status, read from the one error table. */
function codesFor(status: number): ErrorCode[] {
  return (Object.keys(ERROR_STATUS) as ErrorCode[]).filter((code) => ERROR_STATUS[code] === status);
}

/**
 * Documents error answers as `application/problem+json` problem documents, naming the codes each
 * status can carry (so the document follows `error-code.ts` instead of repeating it), and the
 * headers sent with them.
 */
export function ApiProblemResponses(
  ...answers: (number | ProblemAnswer)[]
): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ApiExtraModels(ProblemDocumentSchema, FieldErrorSchema),
    ...answers.map((answer) => {
      const {
        status,
        codes = codesFor(status),
        headers,
      } = typeof answer === 'number' ? { status: answer } : answer;
      return ApiResponse({
        status,
        description: `Problem document; code: ${codes.join(', ') || 'internal_error'}`,
        headers,
        content: {
          [PROBLEM_CONTENT_TYPE]: { schema: { $ref: getSchemaPath(ProblemDocumentSchema) } },
        },
      });
    }),
  );
}
