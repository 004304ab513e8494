import { isIP } from 'node:net';
import { ConfigurationError } from './configuration.error';
import type { EnvironmentVariables } from './environment.variables';


/** The organisation's IdP, for bearer JWTs (gateway-contract.md section 9). */
export interface IdentityConfig {
  /** Exactly as configured: it must equal the discovery document's `issuer` and every token's `iss`. */
  issuer: string;
  audience: string;
  scopePrefix: string;
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
    if (vars.OIDC_AUDIENCE !== undefined) {
      throw new ConfigurationError('OIDC_AUDIENCE needs OIDC_ISSUER');
    }
    return undefined;
  }
  const issuer = new URL(vars.OIDC_ISSUER);
  if (issuer.protocol !== 'https:' && !isLoopbackUrl(issuer)) {
    throw new ConfigurationError(
      'OIDC_ISSUER must be an https URL (http only on a loopback address)',
    );
  }
  if (vars.OIDC_AUDIENCE === undefined) {
    throw new ConfigurationError('OIDC_ISSUER needs OIDC_AUDIENCE (the aud a token must carry)');
  }
  return {
    issuer: vars.OIDC_ISSUER,
    audience: vars.OIDC_AUDIENCE,
    scopePrefix: vars.OIDC_SCOPE_PREFIX,
  };
}
