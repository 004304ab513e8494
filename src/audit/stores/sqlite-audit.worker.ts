import { parentPort, workerData } from 'node:worker_threads';

import { SqliteAuditStore } from './sqlite-audit.store';
import {
  encodeError,
  SqliteWorkerData,
  STORE_METHODS,
  StoreRequest,
  StoreResponse,
} from './sqlite-thread.protocol';

/**
 * The worker thread of `SqliteThreadAuditStore`: owns one `SqliteAuditStore` and answers each
 * request once its promise settled, so a write is answered after its commit. Each request calls the
 * store in the message's own handler: the writes of the messages handled in one turn share the
 * batcher's group commit, in the order they were sent.
 */
const { path, options } = workerData as SqliteWorkerData;
const store = new SqliteAuditStore(path, options);
const port = parentPort!;

function call({ method, args }: StoreRequest): Promise<unknown> {
  if (!STORE_METHODS.includes(method)) {
    return Promise.reject(new TypeError(`Unknown audit store method ${String(method)}`));
  }
  const serve = store[method] as (...args: unknown[]) => Promise<unknown>;
  try {
    return serve.apply(store, args);
  } catch (error) {
    return Promise.reject(error as Error); // answered, rather than killing the worker
  }
}

port.on('message', (request: StoreRequest) => {
  call(request).then(
    (value) => port.postMessage({ id: request.id, ok: true, value } satisfies StoreResponse),
    (error) => port.postMessage({ id: request.id, ok: false, error: encodeError(error) }),
  );
});
