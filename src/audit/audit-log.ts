import { AuditAttempt, AuditCompletion } from './audit-record';

/**
 * What the sync update flow needs from the audit log. Implemented by `AuditLogService`.
 *
 * Guarantees: every method resolves only once the store has committed (durably) what it was given.
 * @throws {GatewayError} `audit_unavailable` (503) when the store cannot commit.
 */
export abstract class AuditLog {
  /** Records an attempt that ends without a PUT (noop, rejected before the PUT) in one commit. */
  abstract recordFinal(attempt: AuditAttempt, completion: AuditCompletion): Promise<void>;

  /** Write-ahead: commits a `pending` record before the PUT is sent; returns its id. */
  abstract beginPending(attempt: AuditAttempt): Promise<string>;

  /**
   * Completes a pending record after the PUT. Never throws: when the store fails here, the record stays
   * pending and is settled later (the caller must still get the truth about the PUT).
   */
  abstract complete(id: string, completion: AuditCompletion): Promise<void>;
}
