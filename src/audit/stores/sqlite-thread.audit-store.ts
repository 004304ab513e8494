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

const NOT_OPEN = new Error('SQLite audit store not open (before init() or after close())');

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
 * The worker starts at `init()` and ends at `close()` (a later `init()` starts another, as the
 * in-thread store reopens). If it dies, every call in flight and every later call rejects
 * (readiness's ping fails). It holds the process open only while calls are in flight, as a socket
 * would.
 */
export class SqliteThreadAuditStore extends AuditStore {
  private readonly logger = new Logger(SqliteThreadAuditStore.name);
  private readonly inFlight = new Map<number, InFlight>();
  private nextId = 0;
  /** From `init()` to `close()`. */
  private worker?: Worker;
  /** The worker died: every call rejects with this. */
  private failure?: Error;
  private closing?: Promise<void>;

  constructor(
    private readonly path: string,
    private readonly options: SqliteAuditStoreOptions = {},
  ) {
    super();
  }

  async init(): Promise<void> {
    await this.closing?.catch(() => undefined); // a close under way ends its worker first
    this.closing = undefined;
    if (this.failure === undefined) {
      this.worker ??= this.start();
    }
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

  private start(): Worker {
    const { file, execArgv } = workerScript();
    const workerData: SqliteWorkerData = { path: this.path, options: this.options };
    const worker = new Worker(file, { workerData, execArgv });
    worker.unref();
    worker.on('message', (response: StoreResponse) => this.answer(response));
    worker.on('error', (error) => this.fail(worker, error));
    worker.on('exit', (code) => this.fail(worker, new Error(`exited with code ${code}`)));
    return worker;
  }

  private async shutDown(): Promise<void> {
    const worker = this.worker;
    if (worker === undefined) {
      return; // never opened, or the worker died: nothing left to flush
    }
    try {
      await this.send(worker, 'close', []); // answered after the store flushed its queued writes
    } finally {
      this.worker = undefined; // its exit is ours, not a failure
      await worker.terminate();
      this.rejectInFlight(NOT_OPEN);
    }
  }

  private call<T>(method: StoreMethod, args: unknown[]): Promise<T> {
    if (this.failure !== undefined) {
      return Promise.reject(this.failure);
    }
    if (this.worker === undefined || this.closing !== undefined) {
      return Promise.reject(NOT_OPEN);
    }
    return this.send(this.worker, method, args);
  }

  private send<T>(worker: Worker, method: StoreMethod, args: unknown[]): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.inFlight.set(id, { resolve: resolve as (value: unknown) => void, reject });
      if (this.inFlight.size === 1) {
        worker.ref();
      }
      try {
        worker.postMessage({ id, method, args } satisfies StoreRequest);
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
      this.worker?.unref();
    }
    return call;
  }

  /** The live worker failed or exited: once, every call in flight rejects, and every later one. */
  private fail(worker: Worker, cause: Error): void {
    if (worker !== this.worker || this.failure !== undefined) {
      return; // closed by us, or the exit after an error already reported
    }
    this.failure = new Error(`SQLite audit worker failed: ${cause.message}`, { cause });
    this.worker = undefined;
    this.logger.error(this.failure.message);
    this.rejectInFlight(this.failure);
  }

  private rejectInFlight(error: Error): void {
    const calls = [...this.inFlight.values()];
    this.inFlight.clear();
    calls.forEach((call) => call.reject(error));
  }
}
