import { GatewayConfig } from '../config/gateway-config';
import { DEVELOPMENT_USER, type DevelopmentIdp, startDevelopmentIdp } from './development-idp';

/**
 * Sandbox mode with no IdP configured: a development IdP, and the configuration that signs people in
 * through it (browser sessions at `http://localhost:PORT`, bearer JWTs for that audience). Anything
 * else (an IdP configured, production, a real Squared, PORT=0) is left as it is.
 */
export async function withDevelopmentIdentity(
  config: GatewayConfig,
  print: (text: string) => void,
): Promise<{ config: GatewayConfig; idp?: DevelopmentIdp }> {
  if (config.squared.mode !== 'sandbox' || config.identity || config.production || !config.port) {
    return { config };
  }
  const publicUrl = `http://localhost:${config.port}`;
  let idp: DevelopmentIdp;
  try {
    idp = await startDevelopmentIdp(publicUrl, publicUrl);
  } catch (error) {
    // Installed without development dependencies (`npm ci --omit=dev`): keys only, as before.
    const reason = error instanceof Error ? error.message.split('\n')[0] : 'unknown';
    print(`\n  No development sign-in (oidc-provider could not be loaded: ${reason}).`);
    return { config };
  }
  print(
    [
      '',
      `  Development sign-in: an OpenID Provider in this process (in memory, development keys) at ${idp.issuer}`,
      `  Open ${publicUrl}/auth/login and sign in as ${DEVELOPMENT_USER} with any password.`,
      `  A JWT for scripts: curl -u ${idp.clientId}:${idp.clientSecret} -d grant_type=client_credentials \\`,
      `    -d scope=syncs:read -d resource=${publicUrl} ${idp.issuer}/token`,
      '',
    ].join('\n'),
  );
  const identity = {
    issuer: idp.issuer,
    audience: publicUrl,
    scopePrefix: '',
    sessions: {
      clientId: idp.clientId,
      clientSecret: idp.clientSecret,
      publicUrl,
      redirectUri: `${publicUrl}/auth/callback`,
      secureCookie: false,
      scopes: 'openid email profile',
      idleMs: 30 * 60_000,
      maxMs: 8 * 3_600_000,
    },
  };
  return { config: new GatewayConfig({ ...config, identity }), idp };
}
