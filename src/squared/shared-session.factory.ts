import type { HttpService } from '@nestjs/axios';
import type { Clock } from '../common/clock';
import type { RedisConnection } from '../redis/redis-connection';
import { RedisLockStore } from '../redis/redis-lock.store';
import type { LoginGuard } from './login-guard';
import { ServiceAccountCredentials } from './service-account.credentials';
import { SharedSession } from './shared-session';
import { SessionCipher } from './shared-session.cipher';
import type { SquaredEndpoint } from './squared-endpoint';
import { loginToSquared } from './squared-login';

/**
 * A service-account session: shared by every replica through Redis when `REDIS_URL` is set (on the
 * gateway's one fail-fast Redis connection), this replica's own otherwise. Either way one login at a
 * time per replica, with the cool-down after a failed login, and the refused-login budget and
 * back-off of `LoginGuard`.
 */
export function createServiceAccountCredentials(
  endpoint: SquaredEndpoint,
  http: HttpService,
  redis: RedisConnection,
  guard: LoginGuard,
  clock: Clock,
): ServiceAccountCredentials {
  if (endpoint.credentials.kind !== 'account') {
    throw new Error('createServiceAccountCredentials needs service-account credentials');
  }
  const { email, password } = endpoint.credentials;
  // Every login goes through the guard, inside the shared session's login lock when there is one.
  const login = () => guard.attempt(() => loginToSquared(http, email, password));
  if (!redis.commands) {
    return new ServiceAccountCredentials(login, clock);
  }
  const loginLockMs = endpoint.timeoutMs + 2000;
  const session = new SharedSession(
    redis.commands,
    new RedisLockStore(redis.commands),
    new SessionCipher(email, password),
    email,
    login,
    { loginLockMs, waitMs: 2 * loginLockMs },
    clock,
  );
  return new ServiceAccountCredentials((rejected) => session.obtain(rejected), clock);
}
