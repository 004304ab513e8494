/** Devise lockable as Squared configures it (`config/initializers/devise.rb`). */
export const MAXIMUM_ATTEMPTS = 5;
export const UNLOCK_IN_MS = 60 * 60 * 1000;

/**
 * One user's failed logins and lock, as Squared's `Authentication::Login` keeps them: each wrong
 * password adds one; at 5 the account is locked for an hour, and while locked even the right password
 * is refused (without counting). The count is not reset when the lock expires, so the next wrong
 * password locks the account again at once; a successful login resets it (Squared resets it on the
 * first authenticated request after the login, through Devise's Warden hook).
 */
export class AccountLock {
  private failures = 0;
  private lockedAt: number | undefined;

  constructor(private readonly now: () => number) {}

  get failedAttempts(): number {
    return this.failures;
  }

  isLocked(): boolean {
    return this.lockedAt !== undefined && this.now() < this.lockedAt + UNLOCK_IN_MS;
  }

  recordFailure(): void {
    this.failures += 1;
    if (this.failures >= MAXIMUM_ATTEMPTS && !this.isLocked()) {
      this.lockedAt = this.now();
    }
  }

  recordSuccess(): void {
    this.failures = 0;
    this.lockedAt = undefined;
  }
}
