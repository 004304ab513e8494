import { expectProblem, syncPatch } from './support/factories';
import { bearer, GatewayHarness, startGateway } from './support/gateway-harness';

const ID = 42;
const SYNC = `/api/v1/syncs/${ID}`;

/** `If-Match` is checked inside the critical section against the state just read (contract §2). */
describe('If-Match on PATCH /syncs/:id', () => {
  let gw: GatewayHarness;

  beforeAll(async () => {
    gw = await startGateway();
  });
  afterAll(() => gw.close());
  beforeEach(() => gw.simulator.reset());

  const read = async () => {
    const response = await gw.http.get(`/syncs/${ID}`).set(bearer(gw.clients.reader)).expect(200);
    return response.headers.etag;
  };
  const patch = (ifMatch: string | undefined, interval = 45) => {
    const request = gw.http.patch(`/syncs/${ID}`).set(bearer(gw.clients.writer));
    return (ifMatch === undefined ? request : request.set('If-Match', ifMatch)).send(
      syncPatch({ sync_interval: interval }),
    );
  };
  const puts = () => gw.simulator.requestsMatching('PUT', SYNC);

  it('applies the change when the ETag matches, and answers the new ETag', async () => {
    const etag = await read();
    const response = await patch(etag).expect(200);
    expect(response.headers.etag).toMatch(/^"[A-Za-z0-9_-]{43}"$/);
    expect(response.headers.etag).not.toBe(etag);
    expect(response.headers.etag).toBe(await read());
    expect(puts()).toHaveLength(1);
  });

  it('matches any tag of a list', async () => {
    const etag = await read();
    await patch(`"stale", ${etag}`).expect(200);
  });

  it('answers 412 with the current ETag and sends nothing when the sync changed meanwhile', async () => {
    const etag = await read();
    gw.simulator.updateSyncDirectly(ID, { sync_interval: 5 }); // the Squared UI, say
    const response = await patch(etag);
    expectProblem(response, 412, 'precondition_failed');
    expect(response.headers.etag).toBe(await read());
    expect(response.headers.etag).not.toBe(etag);
    expect(puts()).toHaveLength(0);
    expect(gw.simulator.getSync(ID)?.sync_interval).toBe(5);
  });

  it('ignores changes outside the writable fields (a status change keeps the ETag)', async () => {
    const etag = await read();
    gw.simulator.updateSyncDirectly(ID, { status: 'failed' });
    await patch(etag).expect(200);
  });

  it('applies the change for If-Match: *', async () => {
    await patch('*').expect(200);
    expect(puts()).toHaveLength(1);
  });

  it('answers 412 for a weak tag, even of the current state (strong comparison)', async () => {
    const etag = await read();
    const response = await patch(`W/${etag}`);
    expectProblem(response, 412, 'precondition_failed');
    expect(response.headers.etag).toBe(etag);
    expect(puts()).toHaveLength(0);
  });

  it.each(['unquoted', '"open', '"a" "b"', ','])(
    'answers 400 for the malformed value %j and sends nothing',
    async (value) => {
      expectProblem(await patch(value), 400, 'bad_request');
      expect(puts()).toHaveLength(0);
    },
  );

  it('does not need If-Match by default', async () => {
    await patch(undefined).expect(200);
  });

  describe('preview (dry run), then apply with If-Match: <its ETag>', () => {
    const preview = (interval: number) =>
      gw.http
        .patch(`/syncs/${ID}?dryRun=true`)
        .set(bearer(gw.clients.writer))
        .send(syncPatch({ sync_interval: interval }))
        .expect(200);

    it('applies the previewed change when the sync is unchanged', async () => {
      const dryRun = await preview(45);
      expect(dryRun.body.data.attributes.sync_interval).toBe(45);
      // The ETag of the state the preview was computed from, the one a GET gives.
      expect(dryRun.headers.etag).toBe(await read());
      const applied = await patch(dryRun.headers.etag, 45).expect(200);
      expect(applied.body.data.attributes.sync_interval).toBe(45);
      expect(puts()).toHaveLength(1);
      expect(gw.simulator.getSync(ID)?.sync_interval).toBe(45);
    });

    it('answers 412 and sends nothing when the sync changed between preview and apply', async () => {
      const dryRun = await preview(45);
      gw.simulator.updateSyncDirectly(ID, { sync_interval: 5 });
      const response = await patch(dryRun.headers.etag, 45);
      expectProblem(response, 412, 'precondition_failed');
      expect(response.headers.etag).toBe(await read());
      expect(puts()).toHaveLength(0);
      expect(gw.simulator.getSync(ID)?.sync_interval).toBe(5);
    });
  });
});

describe('REQUIRE_IF_MATCH=true', () => {
  let gw: GatewayHarness;

  beforeAll(async () => {
    gw = await startGateway({ env: { REQUIRE_IF_MATCH: 'true' } });
  });
  afterAll(() => gw.close());

  it('answers 428 without If-Match and sends nothing, then accepts the PATCH with it', async () => {
    const body = syncPatch({ sync_interval: 50 });
    const missing = await gw.http.patch(`/syncs/${ID}`).set(bearer(gw.clients.writer)).send(body);
    expectProblem(missing, 428, 'precondition_required');
    expect(gw.simulator.requests).toHaveLength(0);
    const read = await gw.http.get(`/syncs/${ID}`).set(bearer(gw.clients.reader)).expect(200);
    await gw.http
      .patch(`/syncs/${ID}`)
      .set(bearer(gw.clients.writer))
      .set('If-Match', read.headers.etag)
      .send(body)
      .expect(200);
    expect(gw.simulator.getSync(ID)?.sync_interval).toBe(50);
  });
});
