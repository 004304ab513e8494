import { bearer, GatewayHarness, startGateway } from './support/gateway-harness';
import { expectProblem, syncPatch } from './support/factories';

describe('errors: every answer is a problem document with a stable code', () => {
  let gw: GatewayHarness;

  beforeAll(async () => {
    gw = await startGateway({ env: { SQUARED_TIMEOUT_MS: '300' } });
  });
  afterAll(() => gw.close());
  beforeEach(() => gw.simulator.reset());

  const patch = (id: number | string, body: unknown) =>
    gw.http
      .patch(`/syncs/${id}`)
      .set(bearer(gw.clients.writer))
      .send(body as object);
  const upstreamCalls = () => gw.simulator.requests.length;
  const upstreamPuts = () => gw.simulator.requestsMatching('PUT').length;

  describe('bad input never reaches Squared', () => {
    it.each([
      'abc',
      '-1',
      '0',
      '1.5',
      '2147483648',
      '..%2F..%2Fusers',
      '1;drop',
      '0x1F',
      '%20%2042',
    ])('id %s → 400 bad_request', async (id) => {
      const response = await patch(id, syncPatch({ sync_interval: 5 }));
      expectProblem(response, 400, 'bad_request');
      expect(upstreamCalls()).toBe(0);
    });

    it('accepts the largest id', async () => {
      const response = await patch(2147483647, syncPatch({ sync_interval: 5 }));
      expectProblem(response, 404, 'sync_not_found');
    });

    it('malformed JSON → 400', async () => {
      const response = await gw.http
        .patch('/syncs/42')
        .set(bearer(gw.clients.writer))
        .set('Content-Type', 'application/json')
        .send('{"sync": {');
      expectProblem(response, 400, 'bad_request');
      expect(upstreamCalls()).toBe(0);
    });

    it.each(['text/plain', 'application/x-www-form-urlencoded', 'application/xml'])(
      'content type %s → 415',
      async (type) => {
        const response = await gw.http
          .patch('/syncs/42')
          .set(bearer(gw.clients.writer))
          .set('Content-Type', type)
          .send('sync=1');
        expectProblem(response, 415, 'unsupported_media_type');
        expect(upstreamCalls()).toBe(0);
      },
    );

    it('a body over 64 KiB → 413', async () => {
      const big = { sync: { configuration: { filler: 'x'.repeat(65 * 1024) } } };
      const response = await patch(42, big);
      expectProblem(response, 413, 'payload_too_large');
      expect(upstreamCalls()).toBe(0);
    });

    it.each([
      'status',
      'cursor_field',
      'current_cursor_field',
      'name',
      'id',
      'workspace_id',
      'updated_at',
      'sync_intervall',
    ])('read-only or unknown field %s → 422 naming it', async (field) => {
      const response = await patch(42, syncPatch({ [field]: 'x' }));
      expectProblem(response, 422, 'validation_failed');
      expect(response.body.errors).toEqual([expect.objectContaining({ field: `sync.${field}` })]);
      expect(upstreamCalls()).toBe(0);
    });

    it('a key outside sync → 422', async () => {
      const response = await patch(42, { sync: {}, extra: 1 });
      expectProblem(response, 422, 'validation_failed');
      expect(response.body.errors).toEqual([expect.objectContaining({ field: 'extra' })]);
    });

    it.each([
      ['missing sync', {}],
      ['sync not an object', { sync: 'x' }],
      ['sync an array', { sync: [] }],
      ['a JSON array body', [1]],
    ])('%s → 422', async (_what, body) => {
      const response = await patch(42, body);
      expectProblem(response, 422, 'validation_failed');
      expect(upstreamCalls()).toBe(0);
    });

    it.each(['__proto__', 'constructor', 'prototype'])('a %s key anywhere → 422', async (key) => {
      const body = `{"sync":{"configuration":{"a":{"${key}":{"polluted":true}}}}}`;
      const response = await gw.http
        .patch('/syncs/42')
        .set(bearer(gw.clients.writer))
        .set('Content-Type', 'application/json')
        .send(body);
      expectProblem(response, 422, 'validation_failed');
      expect(response.body.errors[0].field).toContain(key);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      expect(upstreamCalls()).toBe(0);
    });

    it('an invalid merged record → 422 with per-field errors, and no PUT', async () => {
      const response = await patch(42, syncPatch({ sync_interval: 0, sync_mode: 'FULL_REFRESH' }));
      expectProblem(response, 422, 'validation_failed');
      const fields = (response.body.errors as { field: string }[]).map((error) => error.field);
      expect(fields.sort()).toEqual(['sync.sync_interval', 'sync.sync_mode']);
      expect(upstreamPuts()).toBe(0);
    });

    it('?dryRun with a bad value → 400', async () => {
      const response = await gw.http
        .patch('/syncs/42?dryRun=yes')
        .set(bearer(gw.clients.writer))
        .send(syncPatch({}));
      expectProblem(response, 400, 'bad_request');
    });
  });

  describe('authentication and scopes', () => {
    it('no key → 401 with WWW-Authenticate', async () => {
      const response = await gw.http.patch('/syncs/42').send(syncPatch({ sync_interval: 5 }));
      expectProblem(response, 401, 'unauthenticated');
      expect(response.headers['www-authenticate']).toMatch(/^Bearer/);
      expect(upstreamCalls()).toBe(0);
    });

    it.each([
      ['an unknown key', `Bearer ${'k'.repeat(40)}`],
      ['another scheme', `Basic ${Buffer.from('a:b').toString('base64')}`],
      ['an empty bearer', 'Bearer '],
    ])('%s → 401', async (_what, header) => {
      const response = await gw.http.get('/syncs/42').set('Authorization', header);
      expectProblem(response, 401, 'unauthenticated');
    });

    it('missing scope → 403 and nothing sent', async () => {
      const response = await gw.http
        .patch('/syncs/42')
        .set(bearer(gw.clients.reader))
        .send(syncPatch({ sync_interval: 5 }));
      expectProblem(response, 403, 'forbidden');
      const read = await gw.http.get('/syncs/42').set(bearer(gw.clients.auditor));
      expectProblem(read, 403, 'forbidden');
      expect(upstreamCalls()).toBe(0);
    });
  });

  describe('Squared answers', () => {
    it.each([999999, 50])(
      'unknown sync or another workspace (%s) → 404 sync_not_found',
      async (id) => {
        const response = await patch(id, syncPatch({ sync_interval: 5 }));
        expectProblem(response, 404, 'sync_not_found');
        expect(JSON.stringify(response.body)).not.toContain('WHERE');
      },
    );

    it('Squared record-level rejection → 422 upstream_rejected with its fields', async () => {
      const response = await patch(42, syncPatch({ stream_name: 'not-in-catalog' }));
      expectProblem(response, 422, 'upstream_rejected');
      expect(response.body.errors).toEqual([
        {
          field: 'sync.stream_name',
          message: 'Add a valid stream_name associated with destination connector',
        },
      ]);
    });

    it('Squared existence check → upstream_rejected naming the field', async () => {
      const response = await patch(42, syncPatch({ destination_id: 12345 }));
      expectProblem(response, 422, 'upstream_rejected');
      expect(response.body.errors).toEqual(
        expect.arrayContaining([{ field: 'sync.destination', message: 'must exist' }]),
      );
    });

    it('Squared request-level 400 (a validation gap) → upstream_rejected with its messages', async () => {
      gw.simulator.injectFault(
        {
          kind: 'status',
          status: 400,
          body: { errors: { sync: { sync_interval: ['must be greater than 0'] } } },
        },
        { method: 'PUT' },
      );
      const response = await patch(42, syncPatch({ sync_interval: 6 }));
      expectProblem(response, 422, 'upstream_rejected');
      expect(response.body.errors).toEqual([
        { field: 'sync.sync_interval', message: 'must be greater than 0' },
      ]);
    });

    it.each([
      [
        '500 JSON',
        { kind: 'status', status: 500, body: { status: 500, error: 'Internal Server Error' } },
      ],
      [
        '503 HTML page',
        {
          kind: 'status',
          status: 503,
          body: '<html><body>Bad gateway</body></html>',
          contentType: 'text/html',
        },
      ],
      ['200 garbage', { kind: 'garbage' }],
      ['200 JSON of another shape', { kind: 'status', status: 200, body: { success: true } }],
      ['connection reset', { kind: 'reset' }],
      [
        '401 for the static token',
        {
          kind: 'status',
          status: 401,
          body: { errors: [{ status: 401, title: 'Error', detail: 'Unauthorized' }] },
        },
      ],
      [
        '403 for the gateway role',
        {
          kind: 'status',
          status: 403,
          body: {
            errors: [
              { status: 403, title: 'Error', detail: 'You are not authorized to do this action' },
            ],
          },
        },
      ],
      [
        '400 Workspace not found',
        {
          kind: 'status',
          status: 400,
          body: {
            errors: [
              {
                status: 400,
                title: 'Bad Request',
                detail: 'There was a problem with the request format: Workspace not found',
              },
            ],
          },
        },
      ],
    ] as const)('GET: %s → 502 upstream_error', async (_what, fault) => {
      gw.simulator.injectFault(fault as never, { method: 'GET' });
      const response = await patch(42, syncPatch({ sync_interval: 5 }));
      expectProblem(response, 502, 'upstream_error');
      expect(upstreamPuts()).toBe(0);
    });

    it('PUT: 500 → 502 upstream_error', async () => {
      gw.simulator.injectFault({ kind: 'status', status: 500, body: 'oops' }, { method: 'PUT' });
      expectProblem(await patch(42, syncPatch({ sync_interval: 5 })), 502, 'upstream_error');
    });

    it('no answer in SQUARED_TIMEOUT_MS → 504 upstream_timeout', async () => {
      gw.simulator.injectFault({ kind: 'hang' }, { method: 'PUT' });
      const response = await patch(42, syncPatch({ sync_interval: 5 }));
      expectProblem(response, 504, 'upstream_timeout');
    });

    // A gateway of its own: the 12 s hold that Squared's 429 starts must not reach the other tests.
    it('Squared 429 → 429 upstream_rate_limited with its Retry-After', async () => {
      const held = await startGateway({ simulator: gw.simulator });
      gw.simulator.injectFault(
        {
          kind: 'status',
          status: 429,
          body: { error: 'Too many requests. Please try again later.' },
          headers: { 'Retry-After': '12' },
        },
        { method: 'GET' },
      );
      try {
        const response = await held.http
          .patch('/syncs/42')
          .set(bearer(held.clients.writer))
          .send(syncPatch({ sync_interval: 5 }));
        expectProblem(response, 429, 'upstream_rate_limited');
        expect(response.headers['retry-after']).toBe('12');
      } finally {
        await held.close();
      }
    });

    it('Squared unreachable → 502 upstream_error', async () => {
      const down = await startGateway({ env: { SQUARED_API_URL: 'http://127.0.0.1:9' } });
      try {
        expectProblem(
          await down.http.get('/syncs/42').set(bearer(down.clients.reader)),
          502,
          'upstream_error',
        );
      } finally {
        await down.close();
      }
    });
  });

  it.each(['/nope', '/syncs/42/x', '/health'])(
    'an unknown route (GET %s) → 404 not_found problem',
    async (path) => {
      const response = await gw.http.get(path).set(bearer(gw.clients.reader));
      expectProblem(response, 404, 'not_found');
    },
  );

  describe('a known route with another method → 405 method_not_allowed with Allow', () => {
    it.each([
      ['DELETE', '/syncs/42', 'GET, HEAD, PATCH'],
      ['PUT', '/syncs/42', 'GET, HEAD, PATCH'],
      ['POST', '/health/live', 'GET, HEAD'],
      ['PATCH', '/audit?limit=1', 'GET, HEAD'],
      ['OPTIONS', '/metrics', 'GET, HEAD'],
    ])('%s %s → Allow: %s, nothing sent to Squared', async (method, path, allow) => {
      const response = await gw.http[method.toLowerCase() as 'delete'](path)
        .set(bearer(gw.clients.writer))
        .set('X-Request-Id', 'wrong-method-1');
      expectProblem(response, 405, 'method_not_allowed');
      expect(response.headers.allow).toBe(allow);
      expect(response.headers['x-request-id']).toBe('wrong-method-1');
      expect(upstreamCalls()).toBe(0);
    });

    it.each([
      ['DELETE', '/nope'],
      ['DELETE', '/syncs/42/x'],
      ['POST', '/health'],
    ])('%s %s (no route under any method) stays 404', async (method, path) => {
      const response = await gw.http[method.toLowerCase() as 'delete'](path);
      expectProblem(response, 404, 'not_found');
      expect(response.headers.allow).toBeUndefined();
    });
  });
});
