import { callSimulator } from './simulator-client';
import { SquaredSimulator } from './squared-simulator';

const TOKEN = 'static-admin-token';

describe('SquaredSimulator test controls', () => {
  let simulator: SquaredSimulator;
  const get = (id: number) =>
    callSimulator(simulator.url, 'GET', `/api/v1/syncs/${id}`, { token: TOKEN, workspaceId: 3 });
  const put = (id: number, sync: unknown) =>
    callSimulator(simulator.url, 'PUT', `/api/v1/syncs/${id}`, {
      token: TOKEN,
      workspaceId: 3,
      body: { sync },
    });

  beforeAll(async () => {
    simulator = await SquaredSimulator.start();
    simulator.addStaticToken(TOKEN);
  });
  afterEach(async () => {
    simulator.reset();
    await simulator.whenIdle();
  });
  afterAll(() => simulator.close());

  it('listens on a local URL and exposes the default workspace', () => {
    expect(simulator.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(simulator.workspaceId).toBe(3);
  });

  it('answers 404 JSON for unknown routes and methods', async () => {
    for (const [method, path] of [
      ['GET', '/api/v1/syncs'],
      ['DELETE', '/api/v1/syncs/42'],
      ['GET', '/health'],
    ]) {
      const response = await callSimulator(simulator.url, method, path, { token: TOKEN });
      expect(response.status).toBe(404);
      expect(response.body).toEqual({ status: 404, error: 'Not Found' });
    }
  });

  it('records every request with lowercased headers, parsed body and status', async () => {
    await put(42, { sync_mode: 'incremental' });
    await callSimulator(simulator.url, 'POST', '/api/v1/login', { body: 'not json' });

    expect(simulator.requests).toHaveLength(2);
    const [update, login] = simulator.requests;
    expect(update).toMatchObject({
      method: 'PUT',
      path: '/api/v1/syncs/42',
      body: { sync: { sync_mode: 'incremental' } },
      status: 200,
    });
    expect(update.headers['workspace-id']).toBe('3');
    expect(update.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(login).toMatchObject({ method: 'POST', body: 'not json', status: 401 });
    expect(simulator.requestsMatching('put', /syncs\/42$/)).toHaveLength(1);
    expect(simulator.requestsMatching('GET')).toHaveLength(0);
    simulator.clearRequests();
    expect(simulator.requests).toHaveLength(0);
  });

  it('injects a status fault once by default, without touching state', async () => {
    simulator.injectFault(
      { kind: 'status', status: 503, body: { oops: true }, headers: { 'Retry-After': '3' } },
      { method: 'PUT' },
    );

    const failed = await put(42, { sync_mode: 'incremental' });
    expect(failed.status).toBe(503);
    expect(failed.body).toEqual({ oops: true });
    expect(failed.headers.get('retry-after')).toBe('3');
    expect(simulator.getSync(42)?.sync_mode).toBe('full_refresh');
    expect((await put(42, { sync_mode: 'incremental' })).status).toBe(200);
  });

  it('sends a string fault body raw with its content type, times times', async () => {
    simulator.injectFault(
      { kind: 'status', status: 502, body: '<h1>Bad gateway</h1>', contentType: 'text/html' },
      { path: '/api/v1/syncs/42', times: 2 },
    );

    for (let call = 0; call < 2; call++) {
      const response = await get(42);
      expect(response.status).toBe(502);
      expect(response.text).toBe('<h1>Bad gateway</h1>');
      expect(response.headers.get('content-type')).toBe('text/html');
    }
    expect((await get(42)).status).toBe(200);
  });

  it('answers garbage with a 200 that is not JSON', async () => {
    simulator.injectFault({ kind: 'garbage' });
    const response = await get(42);

    expect(response.status).toBe(200);
    expect(response.body).toBeUndefined();
  });

  it('resets the connection', async () => {
    simulator.injectFault({ kind: 'reset' });

    await expect(get(42)).rejects.toThrow();
    expect((await get(42)).status).toBe(200);
  });

  it('resets after applying the request with afterHandling', async () => {
    simulator.injectFault({ kind: 'reset', afterHandling: true }, { method: 'PUT' });

    await expect(put(42, { sync_mode: 'incremental' })).rejects.toThrow();
    expect(simulator.getSync(42)?.sync_mode).toBe('incremental');
  });

  it('hangs until the client gives up', async () => {
    simulator.injectFault({ kind: 'hang' });
    const response = fetch(`${simulator.url}/api/v1/syncs/42`, {
      signal: AbortSignal.timeout(100),
    });

    await expect(response).rejects.toThrow();
    expect(simulator.requests[0].status).toBe(0);
  });

  it('adds latency to matching requests', async () => {
    simulator.setLatency(80, { method: 'GET' });
    const started = Date.now();
    await get(42);

    expect(Date.now() - started).toBeGreaterThanOrEqual(70);
    simulator.setLatency(0);
  });

  it('holds matching requests until released', async () => {
    const hold = simulator.hold({ method: 'GET', path: '/api/v1/syncs/42' });
    const parkedGet = get(42);
    await hold.arrived;

    expect(simulator.inFlight).toBe(1);
    expect((await put(42, { sync_mode: 'incremental' })).status).toBe(200);
    let idle = false;
    const idleAfterRelease = simulator.whenIdle().then(() => (idle = true));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(idle).toBe(false);
    hold.release();
    expect((await parkedGet).body.data.attributes.sync_mode).toBe('incremental');
    await idleAfterRelease;
    expect(simulator.inFlight).toBe(0);
  });

  it('measures concurrency', async () => {
    simulator.resetMaxInFlight();
    simulator.setLatency(30);
    await Promise.all([get(42), get(43), get(44)]);
    simulator.setLatency(0);

    expect(simulator.maxInFlight).toBe(3);
    simulator.resetMaxInFlight();
    expect(simulator.maxInFlight).toBe(0);
  });

  it('creates syncs and accepts writes from outside the API', async () => {
    const id = simulator.createSync({ stream_name: 'events', status: 'disabled' });
    simulator.updateSyncDirectly(42, { sync_mode: 'incremental' });

    expect((await get(id)).body.data.attributes).toMatchObject({
      stream_name: 'events',
      status: 'disabled',
      sync_interval: 30,
    });
    expect(simulator.getSync(42)?.sync_mode).toBe('incremental');
    expect(simulator.getSync(42)?.updated_at).not.toBe('2025-03-05T12:34:56.789Z');
    expect(simulator.createSync({}, 4)).toBeGreaterThan(id);
  });

  it('restores fixtures on reset but keeps tokens', async () => {
    await put(42, { sync_mode: 'incremental' });
    simulator.injectFault({ kind: 'status', status: 500 });
    simulator.reset();

    expect(simulator.requests).toHaveLength(0);
    expect((await get(42)).body.data.attributes.sync_mode).toBe('full_refresh');
  });
});

describe('SquaredSimulator.close', () => {
  it('releases hanging and held requests', async () => {
    const simulator = await SquaredSimulator.start();
    simulator.injectFault({ kind: 'hang' }, { path: '/api/v1/syncs/1' });
    simulator.hold({ path: '/api/v1/syncs/2' });
    const outcome = (path: string) =>
      fetch(`${simulator.url}${path}`).then(
        () => 'answered',
        () => 'failed',
      );
    const hanging = outcome('/api/v1/syncs/1');
    const held = outcome('/api/v1/syncs/2');
    await new Promise((resolve) => setTimeout(resolve, 50));

    await simulator.close();
    expect(await hanging).toBe('failed');
    expect(await held).toBe('failed');
  });
});
