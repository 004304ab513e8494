import { Logger } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { AuditConfig, GatewayConfig } from '../src/config/gateway-config';
import { blockAuditWrites } from './support/audit-faults';
import { syncPatch } from './support/factories';
import { bearer, GatewayHarness, startGateway } from './support/gateway-harness';

jest.setTimeout(30_000);

type LogLine = Record<string, unknown> & { msg?: string; requestId?: string; context?: string };

const REQUEST_LINE = new Set(['request completed', 'request failed']);
/** Loggers that only ever write while serving a request: their lines must name it. */
const REQUEST_SCOPED = new Set(['SquaredClient', 'AuditLogService', 'UnexpectedError']);

function parseAll(lines: string[]): LogLine[] {
  return lines.map((line) => {
    try {
      return JSON.parse(line) as LogLine;
    } catch {
      throw new Error(`log line is not JSON: ${line.slice(0, 200)}`);
    }
  });
}

describe('logs over a full run: success, errors and upstream faults', () => {
  let gw: GatewayHarness;
  let secrets: string[];
  let lines: LogLine[];
  const redisPassword = `rp-${randomBytes(8).toString('hex')}`;

  beforeAll(async () => {
    gw = await startGateway({ env: { LOG_LEVEL: 'debug', SQUARED_TIMEOUT_MS: '300' } });
    secrets = [gw.squaredToken, ...Object.values(gw.clients).map((c) => c.key), redisPassword];
    const writer = bearer(gw.clients.writer);
    const patch = (body: unknown, id = 'log-patch') =>
      gw.http
        .patch('/syncs/42')
        .set(writer)
        .set('X-Request-Id', id)
        .send(body as object);

    await gw.http.get('/syncs/42').set(bearer(gw.clients.reader)).expect(200);
    await patch(syncPatch({ sync_interval: 21 })).expect(200);
    await patch(syncPatch({ sync_interval: 21 })).expect(200);
    await patch(syncPatch({ status: 'disabled' })).expect(422);
    await patch(syncPatch({ sync_interval: -1 })).expect(422);
    await gw.http.get('/syncs/abc').set(writer).expect(400);
    await gw.http.get('/syncs/42').set('Authorization', `Bearer ${gw.squaredToken}`).expect(401);
    await gw.http.get('/syncs/42').set('Cookie', `session=${gw.clients.writer.key}`).expect(401);
    await gw.http.get('/nowhere').expect(404);
    await gw.http.patch('/syncs/42').set(writer).set('Content-Type', 'text/plain').send('x');
    await gw.http
      .patch('/syncs/42')
      .set(writer)
      .set('Content-Type', 'application/json')
      .send('{"sync":');
    gw.simulator.injectFault(
      { kind: 'status', status: 400, body: { errors: { x: ['no'] } } },
      {
        method: 'PUT',
      },
    );
    await patch(syncPatch({ sync_interval: 22 }), 'log-validation-gap').expect(422);
    for (const fault of [
      { kind: 'status', status: 401, body: { errors: [{ detail: 'Unauthorized' }] } },
      { kind: 'status', status: 500, body: '<html>trace</html>', contentType: 'text/html' },
      { kind: 'reset' },
      { kind: 'hang' },
      { kind: 'garbage' },
    ]) {
      gw.simulator.injectFault(fault as never, { method: 'GET' });
      await patch(syncPatch({ sync_interval: 23 }));
    }
    const unblock = await blockAuditWrites(gw.app.get(AuditConfig).databaseUrl, 'INSERT');
    await patch(syncPatch({ sync_interval: 24 }), 'log-audit-down').expect(503);
    await unblock();
    await gw.http.get('/health/ready').expect(200);
    await gw.http.get('/metrics').expect(200);
    await gw.http.get('/docs-json').expect(200);

    // What a careless log call could carry: a configuration dump and an axios-style error.
    const careless = new Logger('CarelessCode');
    careless.warn({
      msg: 'config dump',
      config: gw.app.get(GatewayConfig),
      env: { SQUARED_API_TOKEN: gw.squaredToken, REDIS_URL: `redis://:${redisPassword}@r:6379` },
      headers: { Authorization: `Bearer ${gw.clients.writer.key}` },
    });
    const axiosLike = Object.assign(new Error(`failed with Bearer ${gw.squaredToken}`), {
      config: { headers: { Authorization: `Bearer ${gw.squaredToken}` } },
      request: { _header: `PUT / HTTP/1.1\r\nAuthorization: Bearer ${gw.squaredToken}` },
    });
    careless.error(axiosLike);
    careless.log(`connecting to redis://gateway:${redisPassword}@redis:6379/0`);
    lines = parseAll(gw.logs.lines);
  });
  afterAll(() => gw.close());

  it('writes only JSON lines, one per request with its id, client, method, route, status, duration', () => {
    const requestLines = lines.filter((line) => REQUEST_LINE.has(line.msg ?? ''));
    expect(requestLines.length).toBe(gw.responses.length);
    for (const line of requestLines) {
      expect(line).toEqual(
        expect.objectContaining({
          requestId: expect.any(String),
          method: expect.any(String),
          route: expect.any(String),
          res: { statusCode: expect.any(Number) },
          durationMs: expect.any(Number),
        }),
      );
    }
    expect(requestLines.find((line) => line.requestId === 'log-patch')).toMatchObject({
      clientId: 'writer',
      method: 'PATCH',
      route: '/syncs/:id',
    });
  });

  it('gives every line written while serving a request that request id', () => {
    const requestIds = new Set(
      lines.filter((l) => REQUEST_LINE.has(l.msg ?? '')).map((l) => l.requestId),
    );
    const scoped = lines.filter((line) => REQUEST_SCOPED.has(line.context ?? ''));
    expect(scoped.length).toBeGreaterThanOrEqual(2);
    for (const line of scoped) {
      expect({ context: line.context, known: requestIds.has(line.requestId) }).toEqual({
        context: line.context,
        known: true,
      });
    }
    const gap = lines.find((line) => line.context === 'SquaredClient');
    expect(gap?.requestId).toBe('log-validation-gap');
    const audit = lines.find((line) => line.context === 'AuditLogService');
    expect(audit?.requestId).toBe('log-audit-down');
  });

  it('shows no token, password or key anywhere, and redacts them in dumps and errors', () => {
    const text = gw.logs.lines.join('\n');
    for (const secret of secrets) {
      expect(text).not.toContain(secret);
    }
    const dump = lines.find((line) => line.msg === 'config dump');
    expect(JSON.stringify(dump)).toContain('[redacted]');
    const error = lines.find((line) => line.context === 'CarelessCode' && line.err);
    expect(error?.err).toEqual(
      expect.objectContaining({ type: 'Error', message: 'failed with Bearer [redacted]' }),
    );
    expect(error?.err).not.toHaveProperty('config');
  });
});

describe('LOG_LEVEL', () => {
  it('warn drops the info request lines and keeps the failures', async () => {
    const gw = await startGateway({ env: { LOG_LEVEL: 'warn', SQUARED_TIMEOUT_MS: '300' } });
    try {
      await gw.http.get('/syncs/42').set(bearer(gw.clients.reader)).expect(200);
      gw.simulator.injectFault({ kind: 'reset' }, { method: 'GET' });
      await gw.http.get('/syncs/42').set(bearer(gw.clients.reader)).expect(502);
      const lines = parseAll(gw.logs.lines);
      expect(lines.filter((line) => line.msg === 'request completed')).toEqual([]);
      expect(lines.filter((line) => line.msg === 'request failed')).toHaveLength(1);
      expect(lines.every((line) => Number(line.level) >= 40)).toBe(true);
    } finally {
      await gw.close();
    }
  });
});
