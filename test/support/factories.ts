import { generateClientKey, sha256Hex } from '../../src/auth/client-keys';
import { GatewayClient, Scope } from '../../src/auth/gateway-client';

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
