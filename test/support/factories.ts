import { generateClientKey, sha256Hex } from '../../src/auth/client-keys';
import { GatewayClient } from '../../src/common/auth/gateway-client';
import { Scope } from '../../src/common/auth/scopes';
import { WritableSync } from '../../src/common/sync/sync.types';

export interface TestClient {
  key: string;
  entry: GatewayClient;
}

export function newClient(
  id: string,
  scopes: Scope[],
  rateLimit?: GatewayClient['rateLimit'],
): TestClient {
  const key = generateClientKey();
  return {
    key,
    entry: { id, keySha256: sha256Hex(key), scopes, ...(rateLimit ? { rateLimit } : {}) },
  };
}

/** The body of a PATCH: `{ sync: fields }`. */
export function syncPatch(fields: Record<string, unknown>): { sync: Record<string, unknown> } {
  return { sync: fields };
}

/** What every problem answer must look like (contract section 6). */
export function expectProblem(
  response: { status: number; headers: Record<string, string>; body: Record<string, unknown> },
  status: number,
  code: string,
): void {
  expect({ status: response.status, code: response.body.code }).toEqual({ status, code });
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(response.body).toEqual(
    expect.objectContaining({
      type: expect.stringContaining(code.replace(/_/g, '-')),
      title: expect.any(String),
      status,
      detail: expect.any(String),
      code,
      requestId: response.headers['x-request-id'],
    }),
  );
  expect(JSON.stringify(response.body)).not.toMatch(/\s+at\s+\S+\s+\(|node_modules|\.ts:\d+/);
}

/** A valid interval sync's writable fields (Squared's example sync 42), with overrides. */
export function newWritableSync(overrides: Partial<WritableSync> = {}): WritableSync {
  return {
    source_id: 7,
    destination_id: 9,
    model_id: 11,
    schedule_type: 'interval',
    sync_mode: 'full_refresh',
    sync_interval: 30,
    sync_interval_unit: 'minutes',
    cron_expression: null,
    stream_name: 'profile',
    configuration: [{ from: 'email', to: 'email', mapping_type: 'standard' }],
    ...overrides,
  };
}

/** Overrides that turn `newWritableSync()` into a valid cron-scheduled sync. */
export const CRON_SCHEDULE: Partial<WritableSync> = {
  schedule_type: 'cron_expression',
  sync_interval: null,
  sync_interval_unit: null,
  cron_expression: '0 * * * *',
};

/** A v1 (legacy map) configuration. */
export const V1_CONFIGURATION = { email: 'email', first_name: 'properties.first_name' };
