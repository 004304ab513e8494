import { ManualClock } from '../../test/support/test-clock';
import { IdempotencyRecord } from './idempotency.store';
import { ENTRY_OVERHEAD_BYTES, MemoryIdempotencyStore } from './memory-idempotency.store';

const answer = { kind: 'success' as const, body: { ok: true }, etag: '"e"' };

/** What the store accounts for one entry: its key, the record's JSON and the fixed overhead. */
const bytesOf = (scope: string, record: IdempotencyRecord) =>
  scope.length + Buffer.byteLength(JSON.stringify(record)) + ENTRY_OVERHEAD_BYTES;

describe('MemoryIdempotencyStore', () => {
  let clock: ManualClock;
  const store = (maxBytes = 1024 * 1024) => new MemoryIdempotencyStore(maxBytes, clock);
  beforeEach(() => (clock = new ManualClock(0)));

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

  it('keeps a copy: changing a replayed record does not change the stored one', async () => {
    const s = store();
    await s.claim('k', { fingerprint: 'f', owner: 'o1' }, 1000);
    await s.complete('k', { fingerprint: 'f', owner: 'o1', answer: { ...answer } }, 5000);
    const replayed = await s.claim('k', { fingerprint: 'f', owner: 'o2' }, 1000);
    (replayed?.answer as { body: unknown }).body = 'changed';
    expect((await s.claim('k', { fingerprint: 'f', owner: 'o3' }, 1000))?.answer).toEqual(answer);
  });

  it('expires claims and answers after their TTL', async () => {
    const s = store();
    await s.claim('k', { fingerprint: 'f', owner: 'o1' }, 1000);
    await s.complete('k', { fingerprint: 'f', owner: 'o1', answer }, 5000);
    clock.time = 4999;
    expect(await s.claim('k', { fingerprint: 'f', owner: 'o2' }, 1000)).toBeDefined();
    clock.time = 5000;
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

  it('stays within its bytes, however many and however large the answers', async () => {
    const maxBytes = 64 * 1024;
    const s = store(maxBytes);
    const big = { kind: 'success' as const, body: { blob: 'x'.repeat(10_000) }, etag: '"e"' };
    for (let i = 0; i < 200; i += 1) {
      const key = `key-${i}`;
      await s.claim(key, { fingerprint: 'f', owner: key }, 60_000);
      await s.complete(key, { fingerprint: 'f', owner: key, answer: big }, 60_000);
      expect(s.bytes).toBeLessThanOrEqual(maxBytes);
    }
    const one = bytesOf('key-199', { fingerprint: 'f', owner: 'key-199', answer: big });
    expect(s.size).toBe(Math.floor(maxBytes / one));
    // The newest answers are the ones kept.
    expect((await s.claim('key-199', { fingerprint: 'f', owner: 'x' }, 1))?.answer).toEqual(big);
    expect(await s.claim('key-0', { fingerprint: 'f', owner: 'x' }, 1)).toBeUndefined();
  });

  it('accounts bytes exactly and gives them back when entries go', async () => {
    const s = store();
    const claim = { fingerprint: 'f', owner: 'o1' };
    await s.claim('k', claim, 1000);
    expect(s.bytes).toBe(bytesOf('k', claim));
    await s.complete('k', { ...claim, answer }, 5000);
    expect(s.bytes).toBe(bytesOf('k', { ...claim, answer }));
    await s.abandon('k', 'o1');
    expect(s.bytes).toBe(0);
  });

  it('makes room from the oldest answered or expired entries before claims in flight', async () => {
    const claim = (owner: string) => ({ fingerprint: 'f', owner });
    const answered = (owner: string) => ({ ...claim(owner), answer });
    // Room for the claim in flight and exactly two answers.
    const s = store(bytesOf('in-flight', claim('o')) + 2 * bytesOf('a', answered('a')));
    await s.claim('in-flight', claim('o'), 60_000);
    for (const key of ['a', 'b', 'c']) {
      await s.claim(key, claim(key), 60_000);
      await s.complete(key, answered(key), 60_000);
    }
    expect(await s.claim('in-flight', claim('x'), 1)).toBeDefined();
    expect(await s.claim('a', claim('x'), 1)).toBeUndefined();
  });

  it('does not keep a record larger than the whole store', async () => {
    const s = store(64 * 1024);
    await s.claim('k', { fingerprint: 'f', owner: 'o1' }, 1000);
    const huge = { kind: 'success' as const, body: 'x'.repeat(70 * 1024), etag: undefined };
    await s.complete('k', { fingerprint: 'f', owner: 'o1', answer: huge }, 5000);
    expect(s.bytes).toBe(0);
    expect(await s.claim('k', { fingerprint: 'f', owner: 'o2' }, 1000)).toBeUndefined();
  });
});
