/** Only these routes are rate limited (gateway-contract.md section 4); health, docs, metrics are not. */
export const LIMITED_ROUTE = /^\/syncs(\/|$)/;
