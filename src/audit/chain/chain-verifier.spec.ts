import { AuditRecord } from '../audit-record';
import { GENESIS_HASH, hashAuditRecord } from './audit-hash';
import { ChainedRecord, verifyChainBatches } from './chain-verifier';

function chain(length: number): ChainedRecord[] {
  const entries: ChainedRecord[] = [];
  let prevHash = GENESIS_HASH;
  for (let position = 1; position <= length; position += 1) {
    const content: Omit<AuditRecord, 'hash'> = {
      ...{ id: `r${position}`, at: '2025-01-01T00:00:00.000Z', requestId: 'q', clientId: 'c' },
      actor: { type: 'client', id: 'c' },
      ...{ syncId: 1, action: 'sync.update', outcome: 'noop', status: 200, upstreamStatus: null },
      ...{ patch: {}, before: null, after: null, changes: [], durationMs: 1, prevHash },
    };
    const record = { ...content, hash: hashAuditRecord(content) };
    entries.push({ position, record, version: 2 });
    prevHash = record.hash;
  }
  return entries;
}

/** A reader over an array, counting the batches it serves. */
function reader(entries: ChainedRecord[]) {
  const calls: number[] = [];
  const read = (after: number, limit: number) => {
    calls.push(after);
    return Promise.resolve(entries.filter((e) => e.position > after).slice(0, limit));
  };
  return { read, calls };
}

describe('verifyChainBatches', () => {
  it('accepts an empty chain and a sound one, reading batch after batch', async () => {
    await expect(verifyChainBatches(reader([]).read, 2)).resolves.toEqual({
      ok: true,
      checked: 0,
      pending: 2,
    });
    const { read, calls } = reader(chain(25));
    await expect(verifyChainBatches(read, 0, 10)).resolves.toEqual({
      ok: true,
      checked: 25,
      pending: 0,
    });
    expect(calls).toEqual([Number.MIN_SAFE_INTEGER, 10, 20]);
  });

  it('reports an altered record, a gap and a wrong link', async () => {
    const altered = chain(5);
    altered[2].record = { ...altered[2].record, clientId: 'x' };
    const gap = chain(5).filter((e) => e.position !== 3);
    const relinked = chain(5);
    relinked[3].record = { ...relinked[3].record, prevHash: GENESIS_HASH };
    relinked[3].record.hash = hashAuditRecord(relinked[3].record);

    const broken = async (entries: ChainedRecord[]) =>
      (await verifyChainBatches(reader(entries).read, 0, 2)).firstBroken;
    expect(await broken(altered)).toEqual({
      id: 'r3',
      position: 3,
      reason: 'hash mismatch (record altered)',
    });
    expect(await broken(gap)).toEqual({
      id: 'r4',
      position: 4,
      reason: 'position gap (expected 3)',
    });
    expect(await broken(relinked)).toEqual({
      id: 'r4',
      position: 4,
      reason: 'prevHash mismatch (record deleted or reordered)',
    });
  });
});
