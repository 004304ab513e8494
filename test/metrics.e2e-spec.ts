import { GatewayHarness, bearer, startGateway } from './support/gateway-harness';
import { newClient, syncPatch } from './support/factories';
import { LimitedGateway, startLimitedGateway } from './support/rate-limit-gateways';
import { parsePrometheus, Sample, sampleValue } from './support/prometheus';

async function scrape(gw: GatewayHarness): Promise<Sample[]> {
  const response = await gw.http.get('/metrics');
  expect(response.status).toBe(200);
  expect(response.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
  return parsePrometheus(response.text);
}

describe('GET /metrics after known traffic', () => {
  let gw: LimitedGateway;
  const tiny = newClient('tiny', ['syncs:read'], { limit: 1, ttlMs: 60_000 });
  let samples: Sample[];

  beforeAll(async () => {
    gw = await startLimitedGateway({ SQUARED_TIMEOUT_MS: '300' }, [tiny]);
    const writer = gw.callers.a;
    for (let i = 0; i < 3; i += 1) {
      expect((await gw.get(writer, 42)).status).toBe(200);
    }
    expect((await gw.get(writer, 999)).status).toBe(404);
    const patch = (body: object) => gw.http.patch('/syncs/42').set(bearer(writer)).send(body);
    expect((await patch(syncPatch({ sync_interval: 7 }))).status).toBe(200); // applied
    expect((await patch(syncPatch({ sync_interval: 8 }))).status).toBe(200); // applied
    expect((await patch(syncPatch({ sync_interval: 8 }))).status).toBe(200); // noop
    gw.simulator.injectFault({ kind: 'status', status: 500, body: 'boom' } as never, {
      method: 'PUT',
    });
    expect((await patch(syncPatch({ sync_interval: 9 }))).status).toBe(502);
    gw.simulator.injectFault({ kind: 'hang' }, { method: 'GET' });
    expect((await gw.get(writer, 44)).status).toBe(504);
    gw.simulator.injectFault({ kind: 'reset' }, { method: 'GET' });
    expect((await gw.get(writer, 44)).status).toBe(502);
    expect((await gw.http.get('/syncs/42')).status).toBe(401);
    expect((await gw.http.get('/no/such/route')).status).toBe(404);
    expect((await gw.get(tiny, 42)).status).toBe(200);
    expect((await gw.get(tiny, 42)).status).toBe(429);
    samples = await scrape(gw);
  });
  afterAll(() => gw.close());

  const requests = (method: string, route: string, status: string) =>
    sampleValue(samples, 'gateway_http_requests_total', { method, route, status });
  const latencyCount = (method: string, route: string, status: string) =>
    sampleValue(samples, 'gateway_http_request_duration_seconds_count', { method, route, status });

  it('counts requests by method, route template and status, with a latency histogram', () => {
    expect(requests('GET', '/syncs/:id', '200')).toBe(4);
    expect(requests('GET', '/syncs/:id', '404')).toBe(1);
    expect(requests('PATCH', '/syncs/:id', '200')).toBe(3);
    expect(requests('PATCH', '/syncs/:id', '502')).toBe(1);
    expect(requests('GET', '/syncs/:id', '504')).toBe(1);
    expect(requests('GET', '/syncs/:id', '502')).toBe(1);
    expect(requests('GET', '/syncs/:id', '401')).toBe(1);
    expect(requests('GET', '/syncs/:id', '429')).toBe(1);
    expect(requests('GET', 'unmatched', '404')).toBe(1);
    expect(latencyCount('GET', '/syncs/:id', '200')).toBe(4);
    expect(latencyCount('PATCH', '/syncs/:id', '200')).toBe(3);
    const inf = sampleValue(samples, 'gateway_http_request_duration_seconds_bucket', {
      method: 'PATCH',
      route: '/syncs/:id',
      status: '200',
      le: '+Inf',
    });
    expect(inf).toBe(3);
  });

  it('counts upstream calls by operation and outcome', () => {
    const upstream = (operation: string, outcome: string) =>
      sampleValue(samples, 'gateway_upstream_requests_total', { operation, outcome });
    // 4 GETs answered 200, 4 PATCHes read first.
    expect(upstream('get_sync', 'ok')).toBe(8);
    expect(upstream('get_sync', 'not_found')).toBe(1);
    expect(upstream('get_sync', 'timeout')).toBe(1);
    expect(upstream('get_sync', 'network')).toBe(1);
    expect(upstream('put_sync', 'ok')).toBe(2);
    expect(upstream('put_sync', 'error')).toBe(1);
    expect(
      sampleValue(samples, 'gateway_upstream_request_duration_seconds_count', {
        operation: 'put_sync',
        outcome: 'ok',
      }),
    ).toBe(2);
  });

  it('counts rate-limit rejections by limit, and audit appends by write', () => {
    expect(sampleValue(samples, 'gateway_rate_limit_rejections_total', { limit: 'client' })).toBe(
      1,
    );
    expect(sampleValue(samples, 'gateway_rate_limit_rejections_total', { limit: 'org' })).toBe(0);
    const appends = (write: string) =>
      sampleValue(samples, 'gateway_audit_appends_total', { write });
    expect(appends('write_ahead')).toBe(3);
    expect(appends('complete')).toBe(3);
    expect(appends('record')).toBe(1);
    expect(sampleValue(samples, 'gateway_audit_append_failures_total')).toBe(0);
  });

  it('exposes the lock-wait histogram and the default process metrics', () => {
    // One observation per PATCH that entered the per-sync critical section (3 applied, 1 failed).
    expect(sampleValue(samples, 'gateway_sync_lock_wait_seconds_count')).toBe(4);
    expect(samples.some((s) => s.name === 'process_cpu_user_seconds_total')).toBe(true);
    expect(samples.some((s) => s.name === 'nodejs_heap_size_used_bytes')).toBe(true);
  });
});

describe('metric labels stay bounded', () => {
  let gw: GatewayHarness;

  beforeAll(async () => {
    gw = await startGateway();
  });
  afterAll(() => gw.close());

  // 1,000 round trips through the gateway to the simulator: 2.3-2.8 s alone on 2 cores, up to ~4.6 s
  // under the full suite's load (near Jest's 5 s default), hence a budget of its own.
  it('1,000 different sync ids (and junk paths) add no series', async () => {
    const ids = Array.from({ length: 1000 }, (_, i) => 100_000 + i);
    for (let start = 0; start < ids.length; start += 50) {
      await Promise.all(
        ids
          .slice(start, start + 50)
          .map((id) => gw.http.get(`/syncs/${id}`).set(bearer(gw.clients.reader)).expect(404)),
      );
    }
    const junkPaths = ['/syncs/abc', '/syncs/1;drop', '/x/123456', '/syncs/7/extra'];
    for (const junk of [...junkPaths, `/syncs/${'9'.repeat(101)}`]) {
      await gw.http.get(junk).set(bearer(gw.clients.reader));
    }

    const samples = (await scrape(gw)).filter((s) => s.name.startsWith('gateway_'));
    const routes = new Set(samples.map((s) => s.labels.route).filter(Boolean));
    // `/syncs/*` catches ids too long for `:id` (and deeper paths, answered 404): one template too.
    // `/docs-json`: the harness reads the document it checks every answer against.
    expect([...routes].sort()).toEqual(['/docs-json', '/syncs/*', '/syncs/:id', 'unmatched']);
    expect(
      sampleValue(samples, 'gateway_http_requests_total', {
        method: 'GET',
        route: '/syncs/:id',
        status: '404',
      }),
    ).toBe(1000);
    const values = samples.flatMap((s) =>
      Object.entries(s.labels)
        .filter(([name]) => name !== 'le')
        .map(([, value]) => value),
    );
    expect(values.filter((value) => /\d{4,}/.test(value))).toEqual([]);
    expect(new Set(samples.map((s) => JSON.stringify({ ...s.labels, le: '' }))).size).toBeLessThan(
      60,
    );
  }, 15_000);
});
