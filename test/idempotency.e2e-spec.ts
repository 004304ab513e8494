import { randomUUID } from 'node:crypto';
import { expectProblem, newClient, syncPatch } from './support/factories';
import {
  describeWithRedis,
  LimitedGateway,
  REDIS_URL,
  runPrefix,
  startLimitedGateway,
} from './support/rate-limit-gateways';

const ID = 42;
const SYNC = `/api/v1/syncs/${ID}`;
const auditor = newClient('auditor', ['audit:read']);

/** The `Idempotency-Key` contract, with keys in memory (one replica) or in Redis (shared). */
function idempotencySuite(redis: Record<string, string>): void {
  const gateways: LimitedGateway[] = [];
  afterEach(async () => {
    await Promise.all(gateways.splice(0).map((gw) => gw.close()));
  });

  async function start(env: Record<string, string> = {}): Promise<LimitedGateway> {
    const gw = await startLimitedGateway(
      { RATE_LIMIT_CLIENT_LIMIT: '1000', RATE_LIMIT_ORG_LIMIT: '1000', ...redis, ...env },
      [auditor],
    );
    gateways.push(gw);
    return gw;
  }

  const patch = (
    gw: LimitedGateway,
    key: string,
    fields: Record<string, unknown>,
    client = gw.callers.a,
  ) =>
    gw.http
      .patch(`/syncs/${ID}`)
      .set({ Authorization: `Bearer ${client.key}`, 'Idempotency-Key': key })
      .send(syncPatch(fields));
  const calls = (gw: LimitedGateway) => gw.simulator.requestsMatching('GET', SYNC).length;
  const puts = (gw: LimitedGateway) => gw.simulator.requestsMatching('PUT', SYNC).length;
  const auditRecords = async (gw: LimitedGateway) => {
    const response = await gw.http
      .get(`/audit?syncId=${ID}&limit=500`)
      .set({ Authorization: `Bearer ${auditor.key}` })
      .expect(200);
    return (response.body as { data: unknown[] }).data.length;
  };

  it('replays the first answer for the same client, key and body, calling nobody', async () => {
    const gw = await start();
    const key = randomUUID();
    const first = await patch(gw, key, { sync_interval: 12 }).expect(200);
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    gw.simulator.updateSyncDirectly(ID, { sync_interval: 99 }); // what a replay must not look at
    const again = await patch(gw, key, { sync_interval: 12 }).expect(200);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.headers.etag).toBe(first.headers.etag);
    expect(again.body).toEqual(first.body);
    expect({ gets: calls(gw), puts: puts(gw) }).toEqual({ gets: 1, puts: 1 });
    expect(gw.simulator.getSync(ID)?.sync_interval).toBe(99);
    expect(await auditRecords(gw)).toBe(1);
  });

  it('treats the same JSON with other key order or spacing as the same body', async () => {
    const gw = await start();
    const key = randomUUID();
    await patch(gw, key, { sync_interval: 13, sync_interval_unit: 'minutes' }).expect(200);
    const again = await gw.http
      .patch(`/syncs/${ID}`)
      .set({ Authorization: `Bearer ${gw.callers.a.key}`, 'Idempotency-Key': key })
      .set('Content-Type', 'application/json')
      .send('{ "sync": { "sync_interval_unit": "minutes",  "sync_interval": 13 } }')
      .expect(200);
    expect(again.headers['idempotent-replayed']).toBe('true');
  });

  it('answers 422 for the same key with another body, sending nothing', async () => {
    const gw = await start();
    const key = randomUUID();
    await patch(gw, key, { sync_interval: 14 }).expect(200);
    const reused = await patch(gw, key, { sync_interval: 15 });
    expectProblem(reused, 422, 'idempotency_key_reused');
    expect({ gets: calls(gw), puts: puts(gw) }).toEqual({ gets: 1, puts: 1 });
    expect(gw.simulator.getSync(ID)?.sync_interval).toBe(14);
  });

  it('answers 409 to a repeat while the first is in flight, then replays its answer', async () => {
    const gw = await start();
    const key = randomUUID();
    const hold = gw.simulator.hold({ method: 'PUT', path: SYNC });
    const first = patch(gw, key, { sync_interval: 16 }).then((response) => response);
    await hold.arrived;
    const duplicate = await patch(gw, key, { sync_interval: 16 });
    expectProblem(duplicate, 409, 'idempotency_conflict');
    hold.release();
    expect((await first).status).toBe(200);
    const later = await patch(gw, key, { sync_interval: 16 }).expect(200);
    expect(later.headers['idempotent-replayed']).toBe('true');
    expect(puts(gw)).toBe(1);
  });

  it('keeps keys per client: the same key from another client is its own request', async () => {
    const gw = await start();
    const key = randomUUID();
    await patch(gw, key, { sync_interval: 17 }, gw.callers.a).expect(200);
    const other = await patch(gw, key, { sync_interval: 18 }, gw.callers.b).expect(200);
    expect(other.headers['idempotent-replayed']).toBeUndefined();
    expect(puts(gw)).toBe(2);
    expect(gw.simulator.getSync(ID)?.sync_interval).toBe(18);
  });

  it('forgets a key after IDEMPOTENCY_TTL_MS', async () => {
    const gw = await start({ IDEMPOTENCY_TTL_MS: '1000' });
    const key = randomUUID();
    await patch(gw, key, { sync_interval: 19 }).expect(200);
    await new Promise((resolve) => setTimeout(resolve, 1200));
    const fresh = await patch(gw, key, { sync_interval: 20 }).expect(200);
    expect(fresh.headers['idempotent-replayed']).toBeUndefined();
    expect(gw.simulator.getSync(ID)?.sync_interval).toBe(20);
  });

  it('replays a final error (412 with its ETag) but runs a retry after a 5xx again', async () => {
    const gw = await start();
    const stale = randomUUID();
    const first = await patch(gw, stale, { sync_interval: 21 }).set('If-Match', '"stale"');
    expectProblem(first, 412, 'precondition_failed');
    const replayed = await patch(gw, stale, { sync_interval: 21 }).set('If-Match', '"stale"');
    expectProblem(replayed, 412, 'precondition_failed');
    expect(replayed.headers['idempotent-replayed']).toBe('true');
    expect(replayed.headers.etag).toBe(first.headers.etag);
    expect(replayed.body).toEqual({ ...first.body, requestId: replayed.headers['x-request-id'] });
    expect(calls(gw)).toBe(1);

    const failing = randomUUID();
    gw.simulator.injectFault({ kind: 'status', status: 500 }, { method: 'PUT', path: SYNC });
    expectProblem(await patch(gw, failing, { sync_interval: 22 }), 502, 'upstream_error');
    const retried = await patch(gw, failing, { sync_interval: 22 }).expect(200);
    expect(retried.headers['idempotent-replayed']).toBeUndefined();
    expect(gw.simulator.getSync(ID)?.sync_interval).toBe(22);
  });

  it('claims no key for a body the request DTO refuses: a repeat is refused again, a fixed body runs', async () => {
    const gw = await start();
    const key = randomUUID();
    expectProblem(await patch(gw, key, { no_such_field: 1 }), 422, 'validation_failed');
    const repeat = await patch(gw, key, { no_such_field: 1 });
    expectProblem(repeat, 422, 'validation_failed');
    expect(repeat.headers['idempotent-replayed']).toBeUndefined();
    expect(calls(gw)).toBe(0);
    // The key was never claimed, so it is not "reused" by the request that can run.
    const fixed = await patch(gw, key, { sync_interval: 23 }).expect(200);
    expect(fixed.headers['idempotent-replayed']).toBeUndefined();
    expect((await patch(gw, key, { sync_interval: 23 })).headers['idempotent-replayed']).toBe(
      'true',
    );
  });

  it('does not keep an answer over IDEMPOTENCY_MAX_ANSWER_BYTES: a repeat runs again', async () => {
    const gw = await start({ IDEMPOTENCY_MAX_ANSWER_BYTES: '1024' });
    const key = randomUUID();
    // A dry run answers the whole document: with 40 mappings, about 3 KB.
    const mappings = Array.from({ length: 40 }, (_, i) => ({
      from: `column_${i}`,
      to: `field_${i}`,
      mapping_type: 'standard',
    }));
    gw.simulator.updateSyncDirectly(ID, { configuration: mappings });
    const preview = () =>
      gw.http
        .patch(`/syncs/${ID}?dryRun=true`)
        .set({ Authorization: `Bearer ${gw.callers.a.key}`, 'Idempotency-Key': key })
        .send(syncPatch({ sync_interval: 45 }))
        .expect(200);
    const first = await preview();
    const again = await preview();
    expect(again.headers['idempotent-replayed']).toBeUndefined();
    expect(again.body).toEqual(first.body);
    expect({ gets: calls(gw), puts: puts(gw) }).toEqual({ gets: 2, puts: 0 });
    // A small answer (a 422) under the same bound is still kept and replayed.
    const small = randomUUID();
    expectProblem(await patch(gw, small, { sync_interval: -1 }), 422, 'validation_failed');
    const replayed = await patch(gw, small, { sync_interval: -1 });
    expect(replayed.headers['idempotent-replayed']).toBe('true');
  });

  it.each([
    ['empty', ''],
    ['with a space', ' spaced key'],
    ['of 256 characters', 'k'.repeat(256)],
    ['not ASCII', 'caf\u00e9'],
  ])('answers 400 for a key %s, sending nothing', async (_label, key) => {
    const gw = await start();
    const response = await gw.http
      .patch(`/syncs/${ID}`)
      .set({ Authorization: `Bearer ${gw.callers.a.key}` })
      .set('Idempotency-Key', key)
      .send(syncPatch({ sync_interval: 23 }));
    expectProblem(response, 400, 'bad_request');
    expect(gw.simulator.requests).toHaveLength(0);
  });
}

describe('Idempotency-Key, in memory', () => idempotencySuite({}));

describeWithRedis('Idempotency-Key, in Redis', () => {
  idempotencySuite({ REDIS_URL: REDIS_URL ?? '', REDIS_KEY_PREFIX: runPrefix() });

  it('is shared by replicas: a key used on one replica is replayed by another', async () => {
    const prefix = runPrefix();
    const env = { REDIS_URL: REDIS_URL!, REDIS_KEY_PREFIX: prefix };
    const one = await startLimitedGateway(env);
    const two = await startLimitedGateway(env, [], { simulator: one.simulator });
    try {
      const key = randomUUID();
      const send = (gw: LimitedGateway) =>
        gw.http
          .patch(`/syncs/${ID}`)
          .set({ Authorization: `Bearer ${gw.callers.a.key}`, 'Idempotency-Key': key })
          .send(syncPatch({ sync_interval: 24 }));
      const first = await send(one).expect(200);
      const second = await send(two).expect(200);
      expect(second.headers['idempotent-replayed']).toBe('true');
      expect(second.body).toEqual(first.body);
      expect(one.simulator.requestsMatching('PUT', SYNC)).toHaveLength(1);
    } finally {
      await two.close();
      await one.close();
    }
  });
});
