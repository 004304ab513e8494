import type { Scope } from './scopes';

/** A caller of the gateway, as registered in the client registry (gateway-contract.md section 3). */
export interface GatewayClient {
  id: string;
  /** SHA-256 hex digest of the client's key; the key itself is never stored. */
  keySha256: string;
  scopes: Scope[];
  /** Overrides the per-client default rate limit. */
  rateLimit?: { limit: number; ttlMs: number };
}
