import type { JsonObject, JsonValue } from '../common/json/json-value';

export interface SimulatorOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  host?: string;
  /** Lifetime of login tokens; 30 minutes by default. */
  tokenTtlMs?: number;
  /** Base clock; `advanceClock` adds to it. */
  now?: () => number;
  /** Optional documented "100 requests per minute" limit over all requests; off by default. */
  requestsPerMinute?: number;
}

export interface RecordedRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  /** Parsed JSON, the raw string if unparseable, or undefined for an empty body. */
  body: unknown;
  /** 0 while unanswered, and for `reset`/`hang` faults. */
  status: number;
  at: number;
}

export type SimulatorFault =
  | {
      kind: 'status';
      status: number;
      /** An object is sent as JSON, a string raw. */
      body?: unknown;
      contentType?: string;
      headers?: Record<string, string>;
    }
  /** Destroys the socket; with `afterHandling` the request is applied first. */
  | { kind: 'reset'; afterHandling?: boolean }
  /** Never answers (until close); with `afterHandling` the request is applied first. */
  | { kind: 'hang'; afterHandling?: boolean }
  | { kind: 'garbage' };

export interface FaultMatcher {
  method?: string;
  /** A string matches the path exactly (query excluded). */
  path?: RegExp | string;
  /** Default 1 for faults and holds, Infinity for latency. */
  times?: number;
}

export type SimulatorRole = 'admin' | 'member' | 'viewer';

export type SyncStatus = 'disabled' | 'healthy' | 'pending' | 'failed' | 'aborted';

/** A sync row as stored: writable and read-only columns. */
export type StoredSync = {
  id: number;
  workspace_id: number;
  source_id: number;
  destination_id: number;
  model_id: number;
  configuration: JsonValue;
  schedule_type: string;
  sync_mode: string | null;
  sync_interval: number | null;
  sync_interval_unit: string | null;
  cron_expression: string | null;
  stream_name: string;
  status: string;
  cursor_field: string | null;
  current_cursor_field: string | null;
  created_at: string;
  updated_at: string;
  discarded_at: string | null;
};

export type StoredConnector = {
  id: number;
  name: string;
  description: string | null;
  connector_type: 'source' | 'destination';
  workspace_id: number;
  created_at: string;
  updated_at: string;
  connector_name: string;
  icon: string;
  configuration: JsonObject;
  /** Stream names of the catalog; null when the connector has no catalog. */
  catalogStreams: string[] | null;
};

export type StoredModel = {
  id: number;
  name: string;
  description: string | null;
  query: string;
  query_type: string;
  configuration: JsonValue;
  primary_key: string;
  created_at: string;
  updated_at: string;
  connector_id: number;
};

export type SimulatorSeed = {
  workspaceIds: number[];
  connectors: StoredConnector[];
  models: StoredModel[];
  syncs: StoredSync[];
};
