import { isIP } from 'node:net';
import { ConfigurationError } from './configuration.error';
import type { EnvironmentVariables } from './environment.variables';

/**
 * The organisation's IdP (gateway-contract.md section 9). An abstract class, like the sections of
 * gateway-config.ts, to be its own injection token; injected as `null` when no IdP is configured.
 */
export abstract class IdentityConfig {
  /** Exactly as configured: it must equal the discovery document's `issuer` and every token's `iss`. */
  abstract readonly issuer: string;
  /** The `aud` of bearer JWTs; `undefined`: bearer JWTs are not accepted (browser sessions only). */
  abstract readonly audience: string | undefined;
  abstract readonly scopePrefix: string;
  /** Browser sign-in (backend-for-frontend); `undefined` when no client is configured. */
  abstract readonly sessions: SessionConfig | undefined;
}

export interface SessionConfig {
  clientId: string;
  clientSecret: string;
  /** PUBLIC_URL without a trailing slash. */
  publicUrl: string;
  redirectUri: string;
  /** `Secure` cookies (and the `__Host-` name): whenever PUBLIC_URL is https. */
  secureCookie: boolean;
  scopes: string;
  idleMs: number;
  maxMs: number;
}

/** Whether `url` names a loopback host (tests, a sidecar IdP), where plain http is accepted. */
export function isLoopbackUrl(url: URL): boolean {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (host === 'localhost') {
    return true;
  }
  if (isIP(host) === 4) {
    return host.startsWith('127.');
  }
  return host === '::1';
}

export function resolveIdentity(vars: EnvironmentVariables): IdentityConfig | undefined {
  if (vars.OIDC_ISSUER === undefined) {
    const stray = ['OIDC_AUDIENCE', 'OIDC_CLIENT_ID', 'OIDC_CLIENT_SECRET'] as const;
    const set = stray.find((name) => vars[name] !== undefined);
    if (set) {
      throw new ConfigurationError(`${set} needs OIDC_ISSUER`);
    }
    return undefined;
  }
  const issuer = new URL(vars.OIDC_ISSUER);
  if (issuer.protocol !== 'https:' && !isLoopbackUrl(issuer)) {
    throw new ConfigurationError(
      'OIDC_ISSUER must be an https URL (http only on a loopback address)',
    );
  }
  const sessions = resolveSessions(vars);
  if (vars.OIDC_AUDIENCE === undefined && !sessions) {
    throw new ConfigurationError(
      'OIDC_ISSUER needs OIDC_AUDIENCE (bearer JWTs) or OIDC_CLIENT_ID (browser sign-in)',
    );
  }
  return {
    issuer: vars.OIDC_ISSUER,
    audience: vars.OIDC_AUDIENCE,
    scopePrefix: vars.OIDC_SCOPE_PREFIX,
    sessions,
  };
}

function resolveSessions(vars: EnvironmentVariables): SessionConfig | undefined {
  if (vars.OIDC_CLIENT_ID === undefined) {
    if (vars.OIDC_CLIENT_SECRET !== undefined) {
      throw new ConfigurationError('OIDC_CLIENT_SECRET needs OIDC_CLIENT_ID');
    }
    return undefined;
  }
  if (vars.OIDC_CLIENT_SECRET === undefined || vars.PUBLIC_URL === undefined) {
    throw new ConfigurationError('OIDC_CLIENT_ID needs OIDC_CLIENT_SECRET and PUBLIC_URL');
  }
  if (vars.SESSION_IDLE_MS > vars.SESSION_MAX_MS) {
    throw new ConfigurationError('SESSION_IDLE_MS must not exceed SESSION_MAX_MS');
  }
  const publicUrl = vars.PUBLIC_URL.replace(/\/+$/, '');
  const secureCookie = new URL(publicUrl).protocol === 'https:';
  if (!secureCookie && !isLoopbackUrl(new URL(publicUrl))) {
    throw new ConfigurationError('PUBLIC_URL must be https (http only on a loopback address)');
  }
  const extra = vars.OIDC_EXTRA_SCOPES.split(' ').filter(Boolean);
  return {
    clientId: vars.OIDC_CLIENT_ID,
    clientSecret: vars.OIDC_CLIENT_SECRET,
    publicUrl,
    redirectUri: `${publicUrl}/auth/callback`,
    secureCookie,
    scopes: [...new Set(['openid', 'email', 'profile', ...extra])].join(' '),
    idleMs: vars.SESSION_IDLE_MS,
    maxMs: vars.SESSION_MAX_MS,
  };
}

/** CORS_ORIGINS: each entry must be an origin exactly (scheme, host, port; no path, no `*`). */
export function resolveCorsOrigins(vars: EnvironmentVariables): string[] {
  const origins = vars.CORS_ORIGINS.split(',').filter(Boolean);
  for (const origin of origins) {
    let parsed: URL | undefined;
    try {
      parsed = new URL(origin);
    } catch {
      parsed = undefined;
    }
    if (!parsed || parsed.origin !== origin || !/^https?:$/.test(parsed.protocol)) {
      throw new ConfigurationError(
        'CORS_ORIGINS must list exact origins such as https://app.example.com',
      );
    }
  }
  return origins;
}
