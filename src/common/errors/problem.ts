import { HttpException } from '@nestjs/common';
import { ERROR_STATUS, ERROR_TITLES, ErrorCode } from './error-code';
import { FieldError, GatewayError } from './gateway.error';

/** An RFC 9457 problem document in the contract's shape (section 6). */
export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: ErrorCode;
  requestId: string;
  errors?: FieldError[];
  [extension: string]: unknown;
}

export interface ProblemAnswer {
  status: number;
  body: ProblemBody;
  headers: Record<string, string>;
  /** True when the error was not expected: log it (once) with its stack, never answer with it. */
  unexpected: boolean;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';
const TYPE_BASE = 'https://squared-gateway.dev/problems/';

const CODE_BY_STATUS: Record<number, ErrorCode> = {
  400: 'bad_request',
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  422: 'validation_failed',
  429: 'rate_limited',
};

/** Fixed texts for framework errors: their own messages may quote the request, so none is passed on. */
const FRAMEWORK_DETAIL: Partial<Record<ErrorCode, string>> = {
  bad_request: 'The request is malformed (check that the body is valid JSON)',
  not_found: 'No such route',
  method_not_allowed: 'Method not allowed on this route',
  payload_too_large: 'The body exceeds the 64 KiB limit',
  unsupported_media_type: 'Send the body as application/json or application/merge-patch+json',
};

/** Turns anything thrown while serving a request into the answer the caller gets. */
export function toProblem(error: unknown, requestId: string): ProblemAnswer {
  if (error instanceof GatewayError) {
    return fromGatewayError(error, requestId);
  }
  const status = frameworkStatus(error);
  const code = status !== undefined ? CODE_BY_STATUS[status] : undefined;
  if (code) {
    const detail = FRAMEWORK_DETAIL[code] ?? ERROR_TITLES[code];
    return fromGatewayError(new GatewayError(code, detail), requestId);
  }
  const internal = new GatewayError('internal_error', 'The gateway failed to handle the request');
  return { ...fromGatewayError(internal, requestId), unexpected: true };
}

function fromGatewayError(error: GatewayError, requestId: string): ProblemAnswer {
  const { errors, headers = {}, extensions = {} } = error.options;
  const body: ProblemBody = {
    type: TYPE_BASE + error.code.replace(/_/g, '-'),
    title: ERROR_TITLES[error.code],
    status: ERROR_STATUS[error.code],
    detail: error.detail,
    code: error.code,
    requestId,
    ...extensions,
    ...(errors ? { errors } : {}),
  };
  return { status: body.status, body, headers, unexpected: false };
}

/** The 4xx status of a Nest `HttpException` or a Fastify error (body parsing, limits), if any. */
function frameworkStatus(error: unknown): number | undefined {
  if (error instanceof HttpException) {
    return error.getStatus();
  }
  const statusCode = (error as { statusCode?: unknown } | null)?.statusCode;
  return typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500
    ? statusCode
    : undefined;
}
