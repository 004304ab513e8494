import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateClientKey, sha256Hex } from '../src/auth/client-keys';
import { built, GATEWAY_DIR } from './compile';
import type { Target } from './operation';
import {
  Child,
  CORE_OTHERS,
  CORE_UNDER_TEST,
  freePort,
  portOf,
  spawnPinned,
  waitUntilLive,
} from './processes';

export const VARIANTS = ['P', 'N', 'U', 'G', 'G-shared', 'direct'] as const;
export type VariantName = (typeof VARIANTS)[number];

const MANY = '1000000000';

/** A process under test, pinned to its core, and how the generator reaches it. */
export interface RunningVariant {
  name: VariantName;
  child: Child;
  target(prefix: string): Target;
  stop(): Promise<void>;
}

export interface BenchClient {
  id: string;
  key: string;
  rateLimit?: { limit: number; ttlMs: number };
}

export function benchClient(id: string, rateLimit?: BenchClient['rateLimit']): BenchClient {
  return { id, key: generateClientKey(), ...(rateLimit ? { rateLimit } : {}) };
}

export interface Environment {
  workDir: string;
  standInUrl: string;
  document: string;
  redisUrl: string;
  postgresUrl: string;
  /** One per run: the Redis key prefix and the PostgreSQL schema. */
  runId: string;
}

export async function startStandIn(
  document: string,
  core: number,
): Promise<{ child: Child; url: string }> {
  const child = spawnPinned({
    core,
    script: built('stand-in'),
    env: { STANDIN_DOCUMENT: document },
    probe: true,
  });
  const port = await portOf(child);
  return { child, url: `http://127.0.0.1:${port}` };
}

/** Default throughput runs: limits so high and windows so short that nothing is rejected. */
export const UNLIMITED = {
  RATE_LIMIT_CLIENT_LIMIT: MANY,
  RATE_LIMIT_CLIENT_TTL_MS: '1000',
  RATE_LIMIT_ORG_LIMIT: MANY,
  RATE_LIMIT_ORG_TTL_MS: '1000',
};

let gatewayCount = 0;

/**
 * The gateway runs with the production image's NODE_OPTIONS (its heap ceiling), read from the
 * Dockerfile so that the two cannot drift. BENCH_GATEWAY_NODE_ARGS replaces them (empty: none).
 */
function gatewayNodeArgs(): string[] {
  const override = process.env.BENCH_GATEWAY_NODE_ARGS;
  const dockerfile = readFileSync(join(__dirname, '..', 'Dockerfile'), 'utf8');
  const image = /^\s*NODE_OPTIONS=([^\s\\]+)/m.exec(dockerfile)?.[1] ?? '';
  return (override ?? image).split(' ').filter(Boolean);
}

export async function startGateway(
  environment: Environment,
  shared: boolean,
  clients: BenchClient[],
  limits: Record<string, string> = UNLIMITED,
  nodeArgs: string[] = [],
  prefix: string[] = [],
): Promise<RunningVariant> {
  gatewayCount += 1;
  const port = await freePort();
  const registry = clients.map((client) => ({
    id: client.id,
    keySha256: sha256Hex(client.key),
    scopes: ['syncs:read', 'syncs:write'],
    ...(client.rateLimit ? { rateLimit: client.rateLimit } : {}),
  }));
  // BENCH_SQLITE_DIR: e.g. /dev/shm, to see what the audit's fsyncs cost (tmpfs makes them free).
  const sqliteDir = process.env.BENCH_SQLITE_DIR ?? environment.workDir;
  const stores: Record<string, string> = shared
    ? {
        REDIS_URL: environment.redisUrl,
        REDIS_KEY_PREFIX: `bench:${environment.runId}:${gatewayCount}:`,
        AUDIT_DATABASE_URL: `${environment.postgresUrl}?schema=bench_${environment.runId}`,
      }
    : {
        AUDIT_DATABASE_URL: `sqlite:${join(sqliteDir, `audit-${environment.runId}-${gatewayCount}.db`)}`,
      };
  const child = spawnPinned({
    core: CORE_UNDER_TEST,
    script: join(GATEWAY_DIR, 'main.js'),
    probe: true,
    nodeArgs: [...gatewayNodeArgs(), ...nodeArgs],
    prefix,
    logFile: join(environment.workDir, `gateway-${gatewayCount}.log`),
    env: {
      NODE_ENV: 'production',
      LOG_LEVEL: 'info',
      PORT: String(port),
      HOST: '127.0.0.1',
      SQUARED_API_URL: environment.standInUrl,
      SQUARED_API_TOKEN: `bench-${randomBytes(12).toString('hex')}`,
      SQUARED_WORKSPACE_ID: '3',
      GATEWAY_CLIENTS: JSON.stringify(registry),
      ...limits,
      ...stores,
    },
  });
  const url = `http://127.0.0.1:${port}`;
  await waitUntilLive(`${url}/health/live`, child).catch(async (error: Error) => {
    await child.stop();
    throw error;
  });
  const key = clients[0].key;
  return {
    name: shared ? 'G-shared' : 'G',
    child,
    target: (prefix) => ({ url, kind: 'patch', key, prefix, syncIds: 1000 }),
    stop: () => child.stop(),
  };
}

const REFERENCE_SCRIPTS = { P: 'reference-proxy', N: 'nest-floor', U: 'nest-conventional' };

/** `prefix`: a command the process under test runs under (the instructions mode's valgrind). */
export async function startVariant(
  name: VariantName,
  environment: Environment,
  prefix: string[] = [],
): Promise<RunningVariant> {
  if (name === 'G' || name === 'G-shared') {
    const client = [benchClient('bench')];
    return startGateway(environment, name === 'G-shared', client, UNLIMITED, [], prefix);
  }
  if (name === 'P' || name === 'N' || name === 'U') {
    // U checks a bearer key, as G does; P and N take none.
    const key = name === 'U' ? generateClientKey() : undefined;
    const child = spawnPinned({
      core: CORE_UNDER_TEST,
      script: built(REFERENCE_SCRIPTS[name]),
      env: { UPSTREAM_URL: environment.standInUrl, ...(key ? { U_API_KEY: key } : {}) },
      probe: true,
      prefix,
    });
    const url = `http://127.0.0.1:${await portOf(child)}`;
    return {
      name,
      child,
      target: (prefix) => ({ url, kind: 'patch', key, prefix, syncIds: 1000 }),
      stop: () => child.stop(),
    };
  }
  // The floor: the generator does the GET and the PUT itself against a stand-in on the measured core.
  const standIn = await startStandIn(environment.document, CORE_UNDER_TEST);
  return {
    name,
    child: standIn.child,
    target: (prefix) => ({ url: standIn.url, kind: 'direct', prefix, syncIds: 1000 }),
    stop: () => standIn.child.stop(),
  };
}

export { CORE_OTHERS };
