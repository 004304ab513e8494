import { Logger } from '@nestjs/common';
import { extname, join } from 'node:path';
import { Worker } from 'node:worker_threads';

import { AuditCompletion, AuditRecord } from '../audit-record';
import {
  AuditPage,
  AuditQuery,
  AuditStore,
  ChainVerification,
  NewAuditRecord,
} from '../audit.store';
import type { SqliteAuditStoreOptions } from './sqlite-audit.store';
import {
  decodeError,
  SqliteWorkerData,
  StoreMethod,
  StoreRequest,
  StoreResponse,
} from './sqlite-thread.protocol';

const CLOSED = new Error('SqliteAuditStore closed');

interface InFlight {
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
}

/**
 * The worker script beside this file: `.js` when built; under ts-node or ts-jest this file is the
 * `.ts` source, and so is the script, which then needs ts-node in the worker (a devDependency, never
 * needed by the build).
 */
function workerScript(): { file: string; execArgv?: string[] } {
  const extension = extname(__filename);
  const file = join(__dirname, `sqlite-audit.worker${extension}`);
  return extension === '.ts'
    ? { file, execArgv: ['-r', 'ts-node/register/transpile-only'] }
    : { file };
}

/**
 * The SQLite audit store run in a worker thread: better-sqlite3 is synchronous, and each group
 * commit's fsync (synchronous=FULL) would otherwise block the event loop for milliseconds. The
 * worker owns a `SqliteAuditStore` (batcher, chain append and all); each call here is one message,
 * answered after the store's promise settled (after the commit, for a write). Errors come back
 * with their class, message and `code`.
 *
 * If the worker dies, every call in flight and every later call rejects (readiness's ping fails).
 * The worker holds the process open only while calls are in flight, as a socket would.
 */
export class SqliteThreadAuditStore extends AuditStore {
  private readonly logger = new Logger(SqliteThreadAuditStore.name);
  private readonly worker: Worker;
  private readonly inFlight = new Map<number, InFlight>();
  private nextId = 0;
  /** Why calls reject at once: the worker died, or the store was closed. */
  private unusable?: Error;
  private closing?: Promise<void>;

  constructor(path: string, options: SqliteAuditStoreOptions = {}) {
    super();
    const { file, execArgv } = workerScript();
    const workerData: SqliteWorkerData = { path, options };
    this.worker = new Worker(file, { workerData, execArgv });
    this.worker.unref();
    this.worker.on('message', (response: StoreResponse) => this.answer(response));
    this.worker.on('error', (error) => this.fail(error));
    this.worker.on('exit', (code) => this.fail(new Error(`exited with code ${code}`)));
  }

  init(): Promise<void> {
    return this.call('init', []);
  }

  insertPending(record: NewAuditRecord): Promise<void> {
    return this.call('insertPending', [record]);
  }

  complete(id: string, completion: AuditCompletion): Promise<void> {
    return this.call('complete', [id, completion]);
  }

  insertCompleted(record: NewAuditRecord): Promise<void> {
    return this.call('insertCompleted', [record]);
  }

  findPendingBefore(cutoff: string): Promise<AuditRecord[]> {
    return this.call('findPendingBefore', [cutoff]);
  }

  query(query: AuditQuery): Promise<AuditPage> {
    return this.call('query', [query]);
  }

  verifyChain(): Promise<ChainVerification> {
    return this.call('verifyChain', []);
  }

  ping(): Promise<void> {
    return this.call('ping', []);
  }

  /** Flushes and closes the store in the worker, then ends the worker; idempotent. */
  close(): Promise<void> {
    this.closing ??= this.shutDown();
    return this.closing;
  }

  private async shutDown(): Promise<void> {
    if (this.unusable !== undefined) {
      return; // the worker is gone: nothing left to flush
    }
    try {
      await this.send('close', []); // answered after the store flushed its queued writes
    } finally {
      this.unusable = CLOSED;
      await this.worker.terminate();
      this.rejectInFlight(CLOSED);
    }
  }

  private call<T>(method: StoreMethod, args: unknown[]): Promise<T> {
    const refusal = this.unusable ?? (this.closing ? CLOSED : undefined);
    return refusal === undefined ? this.send(method, args) : Promise.reject(refusal);
  }

  private send<T>(method: StoreMethod, args: unknown[]): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.inFlight.set(id, { resolve: resolve as (value: unknown) => void, reject });
      if (this.inFlight.size === 1) {
        this.worker.ref();
      }
      try {
        this.worker.postMessage({ id, method, args } satisfies StoreRequest);
      } catch (error) {
        this.settled(id)?.reject(error as Error); // not cloneable: nothing was sent
      }
    });
  }

  private answer(response: StoreResponse): void {
    const call = this.settled(response.id);
    if (response.ok) {
      call?.resolve(response.value);
    } else {
      call?.reject(decodeError(response.error));
    }
  }

  private settled(id: number): InFlight | undefined {
    const call = this.inFlight.get(id);
    this.inFlight.delete(id);
    if (this.inFlight.size === 0) {
      this.worker.unref();
    }
    return call;
  }

  /** The worker failed or exited: once, every call in flight rejects, and every later one. */
  private fail(cause: Error): void {
    if (this.unusable !== undefined) {
      return; // closed by us, or the exit after an error already reported
    }
    this.unusable = new Error(`SQLite audit worker failed: ${cause.message}`, { cause });
    this.logger.error(this.unusable.message);
    this.rejectInFlight(this.unusable);
  }

  private rejectInFlight(error: Error): void {
    const calls = [...this.inFlight.values()];
    this.inFlight.clear();
    this.worker.unref();
    calls.forEach((call) => call.reject(error));
  }
}
