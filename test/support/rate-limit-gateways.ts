import { randomBytes } from 'node:crypto';
import type { Response, Test } from 'supertest';
import type { Scope } from '../../src/common/auth/scopes';
import { newClient, TestClient } from './factories';
import { GatewayHarness, HarnessOptions, startGateway } from './gateway-harness';
import { describeIf, redis } from './requirements';

const WRITER: Scope[] = ['syncs:read', 'syncs:write'];

/** The Redis the shared-store tests use; CI sets it, locally `REDIS_URL=redis://127.0.0.1:6379`. */
export const REDIS_URL = process.env.REDIS_URL;

/** A port where nothing listens: Redis "unreachable" without stopping the real one. */
export const DEAD_REDIS_URL = 'redis://127.0.0.1:1';

/** `describe` when REDIS_URL is set; otherwise skipped, and named in the run's skip summary. */
export function describeWithRedis(name: string, body: () => void): void {
  describeIf(redis, name, body);
}

/** A key prefix of its own, so that parallel test runs sharing one Redis never see each other. */
export function runPrefix(): string {
  return `test:${process.pid}:${randomBytes(4).toString('hex')}:`;
}

export interface LimitedGateway extends GatewayHarness {
  /** The registry's clients, by id (`a`, `b`, plus any given). */
  callers: Record<string, TestClient>;
  get(client: TestClient, id?: number): Test;
}

/**
 * A gateway whose registry holds two writers `a` and `b` (plus `extra` clients, e.g. with a
 * `rateLimit` override), with the given environment (limits, Redis, failure mode).
 */
export async function startLimitedGateway(
  env: Record<string, string>,
  extra: TestClient[] = [],
  options: Omit<HarnessOptions, 'env'> = {},
): Promise<LimitedGateway> {
  const clients = [newClient('a', WRITER), newClient('b', WRITER), ...extra];
  const gateway = await startGateway({
    ...options,
    env: {
      GATEWAY_CLIENTS: JSON.stringify(clients.map((c) => c.entry)),
      // The contract's defaults (the shared harness raises them for suites not about limits).
      RATE_LIMIT_CLIENT_LIMIT: '60',
      RATE_LIMIT_ORG_LIMIT: '40',
      ...env,
    },
  });
  const callers = Object.fromEntries(clients.map((client) => [client.entry.id, client]));
  return {
    ...gateway,
    callers,
    get: (client, id = 42) =>
      gateway.http.get(`/syncs/${id}`).set({ Authorization: `Bearer ${client.key}` }),
  };
}

/** Runs `request` and returns its answer with how long it took. */
export async function timed(request: Promise<Response>): Promise<[Response, number]> {
  const started = Date.now();
  const response = await request;
  return [response, Date.now() - started];
}
