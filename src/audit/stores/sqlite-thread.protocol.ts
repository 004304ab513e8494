import { SqliteError } from 'better-sqlite3';

import { GatewayError, GatewayErrorOptions } from '../../common/errors/gateway.error';
import { ErrorCode } from '../../common/errors/error-code';
import { AuditStore } from '../audit.store';
import type { SqliteAuditStoreOptions } from './sqlite-audit.store';

/** The messages between `SqliteThreadAuditStore` and the worker serving its `SqliteAuditStore`. */

/** The port methods the worker serves. */
export type StoreMethod = Exclude<keyof AuditStore, 'onApplicationShutdown'>;

export const STORE_METHODS: readonly StoreMethod[] = [
  'init',
  'insertPending',
  'complete',
  'insertCompleted',
  'findPendingBefore',
  'query',
  'verifyChain',
  'ping',
  'close',
];

export interface SqliteWorkerData {
  path: string;
  options: SqliteAuditStoreOptions;
}

export interface StoreRequest {
  id: number;
  method: StoreMethod;
  args: unknown[];
}

/** What of an error crosses the thread boundary: enough to rebuild the one callers test for. */
export interface WireError {
  name: string;
  message: string;
  /** SqliteError's SQLITE_* code, or GatewayError's contract code. */
  code?: string;
  /** GatewayError only. */
  detail?: string;
  options?: GatewayErrorOptions;
}

export type StoreResponse =
  | { id: number; ok: true; value: unknown }
  | { id: number; ok: false; error: WireError };

export function encodeError(thrown: unknown): WireError {
  if (!(thrown instanceof Error)) {
    return { name: 'Error', message: String(thrown) };
  }
  const wire: WireError = { name: thrown.name, message: thrown.message };
  const { code } = thrown as { code?: unknown };
  if (typeof code === 'string') {
    wire.code = code;
  }
  if (thrown instanceof GatewayError) {
    wire.detail = thrown.detail;
    wire.options = thrown.options;
  }
  return wire;
}

/** The error as the in-thread store would have thrown it (class, message and code). */
export function decodeError(wire: WireError): Error {
  switch (wire.name) {
    case 'GatewayError':
      return new GatewayError(wire.code as ErrorCode, wire.detail ?? wire.message, wire.options);
    case 'SqliteError':
      return new SqliteError(wire.message, wire.code ?? 'SQLITE_ERROR');
    case 'TypeError':
      return new TypeError(wire.message);
    case 'RangeError':
      return new RangeError(wire.message);
  }
  const error = new Error(wire.message) as Error & { code?: string };
  error.name = wire.name;
  if (wire.code !== undefined) {
    error.code = wire.code;
  }
  return error;
}
