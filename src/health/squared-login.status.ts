import { Injectable } from '@nestjs/common';
import { LoginGuard, LoginReport } from '../squared/login-guard';
import { SquaredEndpoint } from '../squared/squared-endpoint';

/**
 * The service account's login state for `/health/ready`: reported, never a reason to be unready (all
 * replicas share the account, so taking them out of rotation would help nobody; a restart would not
 * fix the password either, which is why liveness ignores it too).
 */
@Injectable()
export class SquaredLoginStatus {
  constructor(
    private readonly endpoint: SquaredEndpoint,
    private readonly guard: LoginGuard,
  ) {}

  /** `undefined` with a static token. */
  async report(): Promise<LoginReport | undefined> {
    return this.endpoint.credentials.kind === 'account' ? this.guard.report() : undefined;
  }
}
