/**
 * How a change attempt ended (gateway-contract.md section 5): `pending` until the PUT is answered;
 * `unknown` when a crash left it pending and the read-back could not tell. The sync update writes
 * these, the audit log stores and filters by them, the OpenAPI document lists them.
 */
export const AUDIT_OUTCOMES = [
  'pending',
  'applied',
  'noop',
  'rejected',
  'failed',
  'unknown',
] as const;
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number];
