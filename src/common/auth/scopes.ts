/** The gateway's scopes (gateway-contract.md sections 1 and 9), whatever the credential. */
export const SCOPES = ['syncs:read', 'syncs:write', 'audit:read'] as const;
export type Scope = (typeof SCOPES)[number];
