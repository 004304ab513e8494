import { HttpService } from '@nestjs/axios';
import { firstValueFrom } from 'rxjs';
import { GatewayError } from '../common/errors/gateway.error';
import { mapSquaredFailure, mapTransportFailure, upstreamError } from './squared-error.mapper';
import { SquaredTransportError } from './squared-transport.error';
import { parseJson } from './squared-json';

/**
 * Squared answered the login 401: wrong email or password, or the account is locked (then even the
 * right password is refused). Callers see a 502 `upstream_error`, as for any refused login.
 */
export class SquaredLoginRefused extends GatewayError {
  constructor(readonly locked: boolean) {
    super(
      'upstream_error',
      locked
        ? "Squared refused the service account's login: the account is locked"
        : "Squared refused the service account's login",
    );
  }
}

/** Squared's `Authentication::Login` says "Account is locked due to multiple login attempts…". */
function isLockedAnswer(body: string): boolean {
  const errors = (parseJson(body) as { errors?: { detail?: unknown }[] } | undefined)?.errors;
  const detail = Array.isArray(errors) ? errors[0]?.detail : undefined;
  return typeof detail === 'string' && /\blocked\b/i.test(detail);
}

/**
 * Logs the service account in (`POST /api/v1/login`) and returns the new token.
 *
 * @throws {GatewayError} `upstream_error` when Squared refuses the account, `upstream_rate_limited`
 * when logins are throttled, `upstream_timeout` when Squared does not answer.
 */
export async function loginToSquared(
  http: HttpService,
  email: string,
  password: string,
): Promise<string> {
  const answer = await firstValueFrom(
    http.post<string>('/api/v1/login', JSON.stringify({ email, password }), {
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    }),
  ).catch((error: unknown) => {
    throw error instanceof SquaredTransportError ? mapTransportFailure(error) : error;
  });
  if (answer.status === 401) {
    throw new SquaredLoginRefused(isLockedAnswer(answer.data));
  }
  if (answer.status < 200 || answer.status >= 300) {
    const failure = mapSquaredFailure(
      {
        status: answer.status,
        body: undefined,
        retryAfter: headerOf(answer.headers, 'retry-after'),
      },
      0,
    );
    throw failure.code === 'upstream_rate_limited'
      ? failure
      : upstreamError(`Squared login failed (${answer.status})`);
  }
  const token = (
    parseJson(answer.data) as { data?: { attributes?: { token?: unknown } } } | undefined
  )?.data?.attributes?.token;
  if (typeof token !== 'string' || token.length === 0) {
    throw upstreamError('Squared answered the login without a token');
  }
  return token;
}

export function headerOf(headers: unknown, name: string): string | undefined {
  const value = (headers as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' ? value : undefined;
}
