import { randomBytes } from 'node:crypto';
import type { SquaredSimulator } from '../../src/simulator/squared-simulator';
import { newClient, TestClient } from './factories';
import { GatewayProcess, startGatewayProcesses } from './gateway-process';

/** An answer read through `fetch`: status, lower-case headers and the parsed JSON body. */
export interface Answer {
  status: number;
  headers: Record<string, string>;
  body: Record<string, unknown>;
}

/**
 * The environment of a replica in front of `simulator` with a static token it registers, one writer
 * client and rate limits out of the way; `extra` overrides (Redis, timeouts, switches).
 */
export function replicaEnv(
  simulator: SquaredSimulator,
  writer: TestClient,
  extra: Record<string, string> = {},
): Record<string, string> {
  const token = `sq-replica-${randomBytes(8).toString('hex')}`;
  simulator.addStaticToken(token);
  return {
    SQUARED_API_URL: simulator.url,
    SQUARED_API_TOKEN: token,
    SQUARED_WORKSPACE_ID: String(simulator.workspaceId),
    SQUARED_TIMEOUT_MS: '2000',
    GATEWAY_CLIENTS: JSON.stringify([writer.entry]),
    RATE_LIMIT_CLIENT_LIMIT: '100000',
    RATE_LIMIT_ORG_LIMIT: '100000',
    LOG_LEVEL: 'warn',
    NODE_ENV: 'test',
    ...extra,
  };
}

/** `count` gateway OS processes with the same environment (each with its own temporary audit file). */
export function startReplicas(
  count: number,
  env: Record<string, string>,
): Promise<GatewayProcess[]> {
  return startGatewayProcesses(Array.from({ length: count }, () => env));
}

export const newWriter = (): TestClient => newClient('writer', ['syncs:read', 'syncs:write']);

/** `PATCH {url}/syncs/{id}` with `{ sync }` as `client`; extra headers (If-Match, keys) as given. */
export async function patchSync(
  url: string,
  client: TestClient,
  id: number,
  sync: Record<string, unknown>,
  headers: Record<string, string> = {},
): Promise<Answer> {
  const response = await fetch(`${url}/syncs/${id}`, {
    method: 'PATCH',
    headers: {
      Authorization: `Bearer ${client.key}`,
      'Content-Type': 'application/json',
      ...headers,
    },
    body: JSON.stringify({ sync }),
  });
  const text = await response.text();
  return {
    status: response.status,
    headers: Object.fromEntries(response.headers),
    body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
  };
}

/** A sync whose configuration is a v1 object map, as the lost-update tests need it. */
export function createMapSync(simulator: SquaredSimulator): number {
  return simulator.createSync({ configuration: { base: 'base' } });
}

/** The configuration keys Squared holds for `id` now. */
export function upstreamKeys(simulator: SquaredSimulator, id: number): string[] {
  return Object.keys(simulator.getSync(id)?.configuration as Record<string, unknown>);
}

/**
 * Fires `count` PATCHes of sync `id` at once, each adding its own configuration key `k<i>`, spread
 * round-robin over `urls`. Resolves with the statuses.
 */
export async function addKeysConcurrently(
  urls: string[],
  client: TestClient,
  id: number,
  count: number,
): Promise<number[]> {
  const answers = await Promise.all(
    Array.from({ length: count }, (_, i) =>
      patchSync(urls[i % urls.length], client, id, { configuration: { [`k${i}`]: `v${i}` } }),
    ),
  );
  return answers.map((answer) => answer.status);
}
