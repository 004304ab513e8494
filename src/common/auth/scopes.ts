/** The gateway's scopes (gateway-contract.md sections 1 and 9), whatever the credential. */
export const SCOPES = ['syncs:read', 'syncs:write', 'audit:read'] as const;
export type Scope = (typeof SCOPES)[number];

const KNOWN = new Set<string>(SCOPES);

/**
 * The gateway scopes among `values` after stripping `prefix` (for IdPs that name scopes after a
 * resource, e.g. `api://gateway/syncs:read`). Anything else a token carries is ignored.
 */
export function gatewayScopesOf(values: readonly string[], prefix = ''): Scope[] {
  const found = new Set<Scope>();
  for (const value of values) {
    const name = prefix && value.startsWith(prefix) ? value.slice(prefix.length) : value;
    if (KNOWN.has(name)) {
      found.add(name as Scope);
    }
  }
  return SCOPES.filter((scope) => found.has(scope));
}
