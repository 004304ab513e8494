import type { FastifyReply } from 'fastify';
import { GatewayError } from '../common/errors/gateway.error';
import { toProblem } from '../common/errors/problem';
import { IdempotencyRecord, StoredAnswer } from './idempotency.store';

export const REPLAYED_HEADER = 'Idempotent-Replayed';

/** Members every problem has; anything else is an extension (e.g. `limit`). */
const PROBLEM_MEMBERS = new Set([
  'type',
  'title',
  'status',
  'detail',
  'code',
  'requestId',
  'errors',
]);

/** Final answers: kept and replayed. 409, 429 and 5xx mean "try again", so they are not. */
function isFinal(status: number): boolean {
  return status < 500 && status !== 409 && status !== 429;
}

/** The answer an error becomes, when it is final; `undefined` otherwise. */
export function answerOfError(error: unknown): StoredAnswer | undefined {
  const problem = toProblem(error, '');
  if (problem.unexpected || !isFinal(problem.status)) {
    return undefined;
  }
  // The request id is the repeat's own: the filter sets it when the problem is rebuilt.
  const { code, detail, errors } = problem.body;
  const extensions = Object.fromEntries(
    Object.entries(problem.body).filter(([name]) => !PROBLEM_MEMBERS.has(name)),
  );
  return { kind: 'problem', code, detail, errors, headers: problem.headers, extensions };
}

/**
 * The answer to a repeat of a claimed key: the stored first answer, 409 while it is in flight, 422
 * when the key came with another request.
 */
export function replay(
  existing: IdempotencyRecord,
  fingerprint: string,
  reply: FastifyReply,
): unknown {
  if (existing.fingerprint !== fingerprint) {
    throw new GatewayError(
      'idempotency_key_reused',
      'This Idempotency-Key was used with a different request; use a new key for a new request',
    );
  }
  const answer = existing.answer;
  if (!answer) {
    throw new GatewayError(
      'idempotency_conflict',
      'The first request with this Idempotency-Key is still in flight; retry once it has finished',
      { headers: { 'Retry-After': '1' } },
    );
  }
  if (answer.kind === 'problem') {
    const { code, detail, errors, headers, extensions } = answer;
    throw new GatewayError(code, detail, {
      errors,
      extensions,
      headers: { ...headers, [REPLAYED_HEADER]: 'true' },
    });
  }
  if (answer.etag !== undefined) {
    void reply.header('ETag', answer.etag);
  }
  void reply.header(REPLAYED_HEADER, 'true');
  return answer.body;
}
