/**
 * A failed exchange with Squared below HTTP (no answer, reset, timeout). Deliberately not an
 * `AxiosError`: that one keeps the request config, whose headers carry the Squared token.
 */
export class SquaredTransportError extends Error {
  override readonly name = 'SquaredTransportError';

  constructor(
    readonly kind: 'timeout' | 'network',
    /** A short cause such as `ECONNRESET`; safe to log. */
    readonly reason: string,
  ) {
    super(
      kind === 'timeout' ? 'Squared did not answer in time' : `Squared unreachable (${reason})`,
    );
  }
}
