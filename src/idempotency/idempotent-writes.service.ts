import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { GatewayError } from '../common/errors/gateway.error';
import { idempotencyOwner } from '../common/auth/caller';
import type { AuthenticatedRequest } from '../common/http/gateway-request';
import { IdempotencyConfig, SyncLockConfig } from '../config/gateway-config';
import { idempotencyScope, parseIdempotencyKey, requestFingerprint } from './idempotency-key';
import { answerOfError, replay } from './idempotency-answers';
import { IdempotencyRecord, IdempotencyStore, StoredAnswer } from './idempotency.store';

/** Slack on top of the longest a request can take, for the in-flight claim's expiry. */
const IN_FLIGHT_MARGIN_MS = 5_000;

/**
 * `Idempotency-Key` on a write route (gateway-contract.md section 2). The route handler wraps its
 * write in `run`, so it runs after authentication and rate limiting: keys are scoped per
 * `request.caller`. A service the handler calls rather than a Nest interceptor: any interceptor on a
 * route puts every request of it through Nest's RxJS pipeline, which cost 20 % of a PATCH's
 * instructions in the benchmark (9.0 M → 7.2 M per PATCH without it; BENCHMARKS.md), although most
 * requests carry no key.
 *
 * - the first request claims the key and runs; its final answer is stored for `IDEMPOTENCY_TTL_MS`;
 * - the same client, key and request again: the stored answer, with `Idempotent-Replayed: true`,
 *   and nothing else happens (no upstream call, no audit record);
 * - the same key with another method, path or body: 422 `idempotency_key_reused`;
 * - the same request while the first is in flight: 409 `idempotency_conflict`.
 *
 * Answers that say "try again" (409, 429, any 5xx), and answers larger than
 * `IDEMPOTENCY_MAX_ANSWER_BYTES`, are not stored: the claim is dropped, so that a retry with the
 * same key runs again. A claim whose request died (a crashed replica) expires after
 * the longest a request can take, rather than blocking its key for a day.
 */
@Injectable()
export class IdempotentWrites {
  private readonly logger = new Logger(IdempotentWrites.name);
  private readonly ttlMs: number;
  private readonly inFlightTtlMs: number;
  private readonly maxAnswerBytes: number;

  constructor(
    private readonly store: IdempotencyStore,
    idempotency: IdempotencyConfig,
    lock: SyncLockConfig,
  ) {
    this.ttlMs = idempotency.ttlMs;
    this.maxAnswerBytes = idempotency.answerBytes;
    const longest = lock.waitMs + lock.leaseMs + IN_FLIGHT_MARGIN_MS;
    this.inFlightTtlMs = Math.min(this.ttlMs, longest);
  }

  /**
   * Runs `write` once per key: without an `Idempotency-Key` it just runs; with one, a repeat gets the
   * first answer (its body, or its problem thrown again) and `write` does not run. `write` sets the
   * answer's headers (the ETag is kept with the body).
   */
  run<T>(request: AuthenticatedRequest, reply: FastifyReply, write: () => Promise<T>): Promise<T> {
    const header = request.headers['idempotency-key'];
    if (header === undefined) {
      return write();
    }
    return this.runOnce(request, reply, header, write) as Promise<T>;
  }

  private async runOnce(
    request: AuthenticatedRequest,
    reply: FastifyReply,
    header: string | string[],
    write: () => Promise<unknown>,
  ): Promise<unknown> {
    const scope = idempotencyScope(idempotencyOwner(request.caller), parseIdempotencyKey(header));
    const fingerprint = requestFingerprint(request.method, request.url, request.body);
    const claim: IdempotencyRecord = { fingerprint, owner: randomUUID() };
    const existing = await this.store.claim(scope, claim, this.inFlightTtlMs).catch(() => {
      throw storeUnavailable();
    });
    if (existing) {
      return replay(existing, fingerprint, reply);
    }
    let body: unknown;
    try {
      body = await write();
    } catch (error) {
      const answer = answerOfError(error);
      const settled = this.settle(scope, claim, answer);
      // A dropped claim is not waited for: its abandon is already written to the store, ahead of
      // any retry's claim, and a hanging Redis must not hold back the 5xx that says "try again".
      if (answer) {
        await settled;
      }
      throw error;
    }
    const etag = reply.getHeader('etag');
    await this.settle(scope, claim, {
      kind: 'success',
      body,
      etag: typeof etag === 'string' ? etag : undefined,
    });
    return body;
  }

  /** Stores the answer (or drops the claim); a failing store costs the replay, not the answer. */
  private async settle(scope: string, claim: IdempotencyRecord, answer: StoredAnswer | undefined) {
    try {
      if (answer && !fitsInStore(answer, this.maxAnswerBytes)) {
        this.logger.log('Idempotency answer not kept: larger than IDEMPOTENCY_MAX_ANSWER_BYTES');
        await this.store.abandon(scope, claim.owner);
      } else if (answer) {
        await this.store.complete(scope, { ...claim, answer }, this.ttlMs);
      } else {
        await this.store.abandon(scope, claim.owner);
      }
    } catch (error) {
      this.logger.warn(`Idempotency answer not stored: ${(error as Error).name}`);
    }
  }
}

/**
 * Answers above the bound are not kept (README "Concurrency, ETags and idempotency"): one key must
 * not be able to pin megabytes for a day, in this process or in Redis.
 */
function fitsInStore(answer: StoredAnswer, maxBytes: number): boolean {
  return Buffer.byteLength(JSON.stringify(answer)) <= maxBytes;
}

function storeUnavailable(): GatewayError {
  return new GatewayError(
    'service_unavailable',
    'The Idempotency-Key store cannot be reached; nothing was done, try again',
    { headers: { 'Retry-After': '1' } },
  );
}
