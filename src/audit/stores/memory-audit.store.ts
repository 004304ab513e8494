import { AuditCompletion, AuditRecord } from '../audit-record';
import {
  AuditPage,
  AuditQuery,
  AuditStore,
  ChainVerification,
  NewAuditRecord,
} from '../audit.store';
import { GENESIS_HASH } from '../chain/audit-hash';
import { CHAIN_VERSION } from '../chain/chain-version';
import { ChainedRecord, verifyChainBatches } from '../chain/chain-verifier';
import { canonicalInstant, checkQuery, QueryFilter, toPage } from './audit-query';
import { assertCompletion, sealRecord, storableRecord } from './audit-row';

/** A record as held: `seq` orders pages, `position` (null while pending) is its place in the chain. */
interface MemoryRow {
  seq: number;
  record: AuditRecord;
  position: number | null;
}

/** Runs synchronous work as a promise, so that a throw becomes a rejection. */
function run<T>(work: () => T): Promise<T> {
  return new Promise((resolve) => resolve(work()));
}

/** A copy, as a database hands out a fresh row: a caller changing it changes nothing held. */
function copyOf(row: MemoryRow): AuditRecord {
  return structuredClone(row.record);
}

function matches(filter: QueryFilter, { seq, record }: MemoryRow): boolean {
  return (
    (filter.beforeSeq === undefined || seq < filter.beforeSeq) &&
    (filter.syncId === undefined || record.syncId === filter.syncId) &&
    (filter.clientId === undefined || record.clientId === filter.clientId) &&
    (filter.actor === undefined || record.actor.id === filter.actor) &&
    (filter.outcome === undefined || record.outcome === filter.outcome) &&
    // `at` and the bounds are canonical `toISOString()` text, which sorts as time does.
    (filter.since === undefined || record.at >= filter.since) &&
    (filter.until === undefined || record.at <= filter.until)
  );
}

/**
 * FOR SPECS ONLY: the audit store in this process's memory. A real adapter of the port, held to the
 * same contract tests as SQLite and PostgreSQL (same validation, hash chain, pages and cursors), so
 * that a spec of the audit or sync flow reads back the records it wrote instead of faking a store.
 * Deliberately not selectable by configuration (`createAuditStore` does not know it): its records
 * are gone when the process ends, and the audit log must lose nothing.
 */
export class MemoryAuditStore extends AuditStore {
  /** By `seq`, which is the index + 1. */
  private readonly rows: MemoryRow[] = [];
  private readonly byId = new Map<string, MemoryRow>();
  /** The completed rows by chain position, which is the index + 1. */
  private readonly chain: MemoryRow[] = [];
  private open = false;

  init(): Promise<void> {
    return run(() => {
      this.open = true;
    });
  }

  insertPending(record: NewAuditRecord): Promise<void> {
    return run(() => {
      this.assertOpen();
      if (record.outcome !== 'pending') {
        throw new TypeError('insertPending needs a pending record');
      }
      this.insert(storableRecord(record), false);
    });
  }

  complete(id: string, completion: AuditCompletion): Promise<void> {
    return run(() => {
      this.assertOpen();
      assertCompletion(completion);
      const row = this.byId.get(id);
      if (row === undefined || row.position !== null) {
        throw new Error(`No pending audit record ${id}`);
      }
      row.record = sealRecord(row.record, completion, this.lastHash());
      this.chain.push(row);
      row.position = this.chain.length;
    });
  }

  insertCompleted(record: NewAuditRecord): Promise<void> {
    return run(() => {
      this.assertOpen();
      assertCompletion(record);
      this.insert(sealRecord(storableRecord(record), null, this.lastHash()), true);
    });
  }

  findPendingBefore(cutoff: string): Promise<AuditRecord[]> {
    return run(() => {
      this.assertOpen();
      const before = canonicalInstant(cutoff);
      if (before === null) {
        throw new TypeError('Invalid cutoff');
      }
      return this.rows
        .filter((row) => row.position === null && row.record.at < before)
        .sort((a, b) => (a.record.at < b.record.at ? -1 : a.record.at > b.record.at ? 1 : 0))
        .map(copyOf);
    });
  }

  query(query: AuditQuery): Promise<AuditPage> {
    return run(() => {
      this.assertOpen();
      const filter = checkQuery(query);
      const fetched: { seq: number; record: AuditRecord }[] = [];
      for (
        let index = this.rows.length - 1;
        index >= 0 && fetched.length <= filter.limit;
        index--
      ) {
        const row = this.rows[index];
        if (matches(filter, row)) {
          fetched.push({ seq: row.seq, record: copyOf(row) });
        }
      }
      return toPage(fetched, filter.limit);
    });
  }

  async verifyChain(): Promise<ChainVerification> {
    const pending = await run(() => {
      this.assertOpen();
      return this.rows.filter((row) => row.position === null).length;
    });
    const read = (after: number, limit: number) =>
      run(() => {
        const start = Math.max(after, 0);
        return this.chain.slice(start, start + limit).map(
          (row): ChainedRecord => ({
            position: row.position ?? 0,
            record: copyOf(row),
            version: CHAIN_VERSION,
          }),
        );
      });
    return verifyChainBatches(read, pending);
  }

  ping(): Promise<void> {
    return run(() => this.assertOpen());
  }

  /** Ends use until `init()` again; the records stay with this instance, as a file keeps them. */
  close(): Promise<void> {
    return run(() => {
      this.open = false;
    });
  }

  private assertOpen(): void {
    if (!this.open) {
      throw new Error('MemoryAuditStore used before init() or after close()');
    }
  }

  private lastHash(): string {
    return this.chain.at(-1)?.record.hash ?? GENESIS_HASH;
  }

  /** `id` is unique, as the databases' constraint keeps it. */
  private insert(record: AuditRecord, chained: boolean): void {
    if (this.byId.has(record.id)) {
      throw new Error(`Duplicate audit record id ${record.id}`);
    }
    const row: MemoryRow = { seq: this.rows.length + 1, record, position: null };
    this.rows.push(row);
    this.byId.set(record.id, row);
    if (chained) {
      this.chain.push(row);
      row.position = this.chain.length;
    }
  }
}
