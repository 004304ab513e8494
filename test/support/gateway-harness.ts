import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { __resetOutOfContextForTests } from 'nestjs-pino/PinoLogger';
import request from 'supertest';
import { createGatewayApp } from '../../src/app.factory';
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
  const app = await createGatewayApp(loadGatewayConfig(env), { logDestination: logs });
  const responses = recordResponses(app);
  await app.listen(0, '127.0.0.1');
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
      await app.close();
      rmSync(dir, { recursive: true, force: true });
      if (!options.simulator) {
        await simulator.close();
      }
      assertNoSecretLeaked(secrets, logs.lines, responses);
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
      responses.push({
        method: request.method,
        url: request.url,
        status: reply.statusCode,
        headers: JSON.stringify(headerValues),
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

export const bearer = (client: TestClient) => ({ Authorization: `Bearer ${client.key}` });
