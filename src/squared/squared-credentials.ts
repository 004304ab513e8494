/**
 * Where the Squared token comes from (squared-api.md section 2). Two real models: a static token, and a
 * service account whose session the gateway keeps. Implementations never log or expose the token.
 */
export abstract class SquaredCredentials {
  /** A token to send now. May log in first (service account). */
  abstract token(): Promise<string>;

  /**
   * Squared answered 401 to `rejected`. Resolves true when retrying once with a fresh `token()` makes
   * sense (service account: logs in again unless another request already did).
   */
  abstract renewAfterRejection(rejected: string): Promise<boolean>;
}
