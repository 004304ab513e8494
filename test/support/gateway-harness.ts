import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { __resetOutOfContextForTests } from 'nestjs-pino/PinoLogger';
import request from 'supertest';
import { createGatewayApp } from '../../src/app.factory';
import { AuditStore } from '../../src/audit/audit.store';
import type { Clock } from '../../src/common/clock';
import { loadGatewayConfig } from '../../src/config/gateway-config';
import { SquaredSimulator } from '../../src/simulator/squared-simulator';
import { newClient, TestClient } from './factories';
import { AnswerCheck, checkAnswersAgainst } from './openapi-check';

/** Captures the gateway's log lines in memory, so tests can parse and search them. */
export class LogCapture extends Writable {
  readonly lines: string[] = [];

  override _write(chunk: Buffer, _encoding: string, callback: () => void): void {
    this.lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    callback();
  }
}

/** Every answer the gateway sent: status line, headers and body, as the caller received them. */
export interface SentResponse {
  method: string;
  url: string;
  status: number;
  /** The headers as JSON text (what the leak check searches). */
  headers: string;
  /** The headers but `Set-Cookie`, where a session id is meant to be (and nowhere else). */
  headersButSetCookie?: string;
  headerValues: Record<string, string | number | string[] | undefined>;
  body: string;
  /** The Jest test that was running (undefined in a beforeAll/afterAll hook). */
  test?: string;
}

export interface GatewayHarness {
  app: NestFastifyApplication;
  simulator: SquaredSimulator;
  /** The gateway's base URL on loopback. */
  url: string;
  http: ReturnType<typeof request>;
  squaredToken: string;
  clients: { writer: TestClient; reader: TestClient; auditor: TestClient };
  logs: LogCapture;
  responses: SentResponse[];
  /** Stops the gateway (and the simulator it started), after checking that no secret leaked. */
  close(): Promise<void>;
}

export interface HarnessOptions {
  /** Extra or overriding environment variables for the gateway. */
  env?: Record<string, string>;
  /** Use this simulator instead of starting one (e.g. one that must outlive the gateway). */
  simulator?: SquaredSimulator;
  /** The clock the gateway goes by (sessions, logins, locks, holds, audit times…). */
  clock?: Clock;
  /** Listen on this port (default: any free one), e.g. one PUBLIC_URL already names. */
  port?: number;
}

/**
 * Starts a simulator and a gateway in front of it, on loopback, with three clients: a writer
 * (syncs:read, syncs:write), a reader (syncs:read) and an auditor (audit:read).
 */
export async function startGateway(options: HarnessOptions = {}): Promise<GatewayHarness> {
  const simulator = options.simulator ?? (await SquaredSimulator.start());
  // Everything the gateway writes (its SQLite audit file) stays in here; close() removes it.
  const dir = mkdtempSync(join(tmpdir(), 'gateway-harness-'));
  const squaredToken = `sq-test-${randomBytes(12).toString('hex')}`;
  simulator.addStaticToken(squaredToken);
  const clients = {
    writer: newClient('writer', ['syncs:read', 'syncs:write']),
    reader: newClient('reader', ['syncs:read']),
    auditor: newClient('auditor', ['audit:read']),
  };
  const env: Record<string, string | undefined> = {
    SQUARED_API_URL: simulator.url,
    SQUARED_API_TOKEN: squaredToken,
    SQUARED_WORKSPACE_ID: String(simulator.workspaceId),
    SQUARED_TIMEOUT_MS: '2000',
    GATEWAY_CLIENTS: JSON.stringify(Object.values(clients).map((client) => client.entry)),
    LOG_LEVEL: 'info',
    // Suites not about rate limits must not trip them; rate-limit suites set their own.
    RATE_LIMIT_CLIENT_LIMIT: '100000',
    RATE_LIMIT_ORG_LIMIT: '100000',
    AUDIT_DATABASE_URL: `sqlite:${join(dir, 'audit.db')}`,
    ...options.env,
  };
  if (env.SQUARED_EMAIL) {
    delete env.SQUARED_API_TOKEN;
  }
  const logs = new LogCapture();
  // nestjs-pino keeps the first logger of the process for lines written outside a request; without
  // this, a second gateway in one test file would send those lines to the first one's capture.
  __resetOutOfContextForTests();
  const app = await createGatewayApp(loadGatewayConfig(env), {
    logDestination: logs,
    clock: options.clock,
  });
  const responses = recordResponses(app);
  const credentials = recordCredentials(app);
  await app.listen(options.port ?? 0, '127.0.0.1');
  const secrets = [squaredToken, env.SQUARED_PASSWORD, ...Object.values(clients).map((c) => c.key)];
  const url = await app.getUrl();
  // Every answer of this gateway is checked against the document it serves (openapi-check.ts).
  const answerCheck: AnswerCheck = await checkAnswersAgainst(url, responses);
  return {
    app,
    simulator,
    url,
    http: request(url),
    squaredToken,
    clients,
    logs,
    responses,
    close: async () => {
      const records = await auditRecordsOf(app);
      await app.close();
      rmSync(dir, { recursive: true, force: true });
      if (!options.simulator) {
        await simulator.close();
      }
      assertNoSecretLeaked(secrets, logs.lines, responses);
      assertNoCredentialLeaked(credentials, logs.lines, responses, records);
      answerCheck.finish();
    },
  };
}

function recordResponses(app: NestFastifyApplication): SentResponse[] {
  const responses: SentResponse[] = [];
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onSend', (request, reply, payload, done) => {
      const body =
        typeof payload === 'string' || Buffer.isBuffer(payload) ? payload.toString() : '';
      const headerValues = reply.getHeaders();
      const rest = { ...headerValues };
      delete rest['set-cookie'];
      responses.push({
        method: request.method,
        url: request.url,
        status: reply.statusCode,
        headers: JSON.stringify(headerValues),
        headersButSetCookie: JSON.stringify(rest),
        headerValues,
        body,
        test: typeof expect === 'undefined' ? undefined : expect.getState().currentTestName,
      });
      done(null, payload);
    });
  return responses;
}

/**
 * Runs after every e2e file: the Squared token, the service-account password and the gateway keys
 * must appear in no log line and no answer (body or header) of the whole run.
 */
export function assertNoSecretLeaked(
  secrets: (string | undefined)[],
  logLines: string[],
  responses: Pick<SentResponse, 'status' | 'headers' | 'body'>[],
): void {
  const texts = [...logLines, ...responses.flatMap((r) => [r.headers, r.body])];
  for (const secret of secrets.filter((s): s is string => !!s)) {
    const leak = texts.find((text) => text.includes(secret));
    if (leak !== undefined) {
      throw new Error(`A secret leaked into a log line or an answer: ${leak.slice(0, 200)}…`);
    }
  }
}

/** Session and sign-in cookie names (`__Host-` on https). */
const CREDENTIAL_COOKIE = /(?:^|;\s*)(?:__Host-)?(?:sgw_session|sgw_login)=([^;]+)/g;
/** Shorter values could occur anywhere by chance; every real credential is far longer. */
const MIN_CREDENTIAL_LENGTH = 20;

/**
 * Every credential a request of the run carried or an answer handed out: bearer values (keys and
 * JWTs, valid or not), session and sign-in cookie values, and authorization codes at the callback.
 */
function recordCredentials(app: NestFastifyApplication): Set<string> {
  const seen = new Set<string>();
  const add = (value: string | undefined) => {
    if (value && value.length >= MIN_CREDENTIAL_LENGTH) {
      seen.add(value);
    }
  };
  const fastify = app.getHttpAdapter().getInstance();
  fastify.addHook('onRequest', (request, _reply, done) => {
    add(/^Bearer +(\S+)$/i.exec(request.headers.authorization ?? '')?.[1]);
    for (const [, value] of (request.headers.cookie ?? '').matchAll(CREDENTIAL_COOKIE)) {
      add(value);
    }
    if (request.url.startsWith('/auth/callback')) {
      add(new URL(request.url, 'http://gateway').searchParams.get('code') ?? undefined);
    }
    done();
  });
  fastify.addHook('onSend', (_request, reply, payload, done) => {
    for (const line of [reply.getHeader('set-cookie') ?? []].flat()) {
      for (const [, value] of String(line).matchAll(CREDENTIAL_COOKIE)) {
        add(value);
      }
    }
    done(null, payload);
  });
  return seen;
}

/** The audit records the gateway holds at the end of the file, as JSON (none if it has no store). */
async function auditRecordsOf(app: NestFastifyApplication): Promise<string[]> {
  try {
    const page = await app.get(AuditStore).query({ limit: 500 });
    return page.data.map((record) => JSON.stringify(record));
  } catch {
    return [];
  }
}

/**
 * A sync as Squared holds it (GET, PATCH, dry run): the caller's own data, which may hold anything it
 * sent (the secrets suite stores credential-shaped values there on purpose).
 */
function squaredData(body: string): boolean {
  try {
    return (JSON.parse(body) as { data?: { type?: unknown } }).data?.type === 'syncs';
  } catch {
    return false;
  }
}

/**
 * Runs after every e2e file: no bearer token, session or sign-in cookie, or authorization code of the
 * run appears in a log line, an audit record or an answer (the session cookie's own `Set-Cookie`
 * excepted).
 */
export function assertNoCredentialLeaked(
  credentials: Set<string>,
  logLines: string[],
  responses: SentResponse[],
  records: string[],
): void {
  const texts = [
    ...logLines,
    ...records,
    ...responses.flatMap((r) => [
      r.headersButSetCookie ?? r.headers,
      squaredData(r.body) ? '' : r.body,
    ]),
  ];
  for (const credential of credentials) {
    const leak = texts.find((text) => text.includes(credential));
    if (leak !== undefined) {
      throw new Error(
        `A credential leaked into a log line, record or answer: ${leak.slice(0, 200)}…`,
      );
    }
  }
}

export const bearer = (client: TestClient) => ({ Authorization: `Bearer ${client.key}` });
