import { MemoryIdempotencyStore } from './memory-idempotency.store';

const answer = { kind: 'success' as const, body: { ok: true }, etag: '"e"' };

describe('MemoryIdempotencyStore', () => {
  let now = 0;
  const store = () => new MemoryIdempotencyStore(3, () => now);
  beforeEach(() => (now = 0));

  it('claims a key once; a second claim sees the first, in flight then answered', async () => {
    const s = store();
    expect(await s.claim('k', { fingerprint: 'f', owner: 'o1' }, 1000)).toBeUndefined();
    expect(await s.claim('k', { fingerprint: 'g', owner: 'o2' }, 1000)).toEqual({
      fingerprint: 'f',
      owner: 'o1',
    });
    await s.complete('k', { fingerprint: 'f', owner: 'o1', answer }, 5000);
    expect((await s.claim('k', { fingerprint: 'f', owner: 'o3' }, 1000))?.answer).toEqual(answer);
  });

  it('expires claims and answers after their TTL', async () => {
    const s = store();
    await s.claim('k', { fingerprint: 'f', owner: 'o1' }, 1000);
    await s.complete('k', { fingerprint: 'f', owner: 'o1', answer }, 5000);
    now = 4999;
    expect(await s.claim('k', { fingerprint: 'f', owner: 'o2' }, 1000)).toBeDefined();
    now = 5000;
    expect(await s.claim('k', { fingerprint: 'f', owner: 'o2' }, 1000)).toBeUndefined();
  });

  it('lets only the owner complete or abandon a claim', async () => {
    const s = store();
    await s.claim('k', { fingerprint: 'f', owner: 'o1' }, 1000);
    await s.complete('k', { fingerprint: 'f', owner: 'intruder', answer }, 5000);
    await s.abandon('k', 'intruder');
    expect(await s.claim('k', { fingerprint: 'f', owner: 'o2' }, 1000)).toEqual({
      fingerprint: 'f',
      owner: 'o1',
    });
    await s.abandon('k', 'o1');
    expect(await s.claim('k', { fingerprint: 'f', owner: 'o2' }, 1000)).toBeUndefined();
  });

  it('stays bounded, dropping the oldest answered entries before claims in flight', async () => {
    const s = store();
    await s.claim('in-flight', { fingerprint: 'f', owner: 'o' }, 60_000);
    for (const key of ['a', 'b', 'c', 'd']) {
      await s.claim(key, { fingerprint: 'f', owner: key }, 60_000);
      await s.complete(key, { fingerprint: 'f', owner: key, answer }, 60_000);
    }
    expect(s.size).toBe(3);
    expect(await s.claim('in-flight', { fingerprint: 'f', owner: 'x' }, 1)).toBeDefined();
    expect(await s.claim('a', { fingerprint: 'f', owner: 'x' }, 1)).toBeUndefined();
  });
});
