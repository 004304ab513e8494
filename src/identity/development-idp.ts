import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SCOPES } from '../common/auth/scopes';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;
type ProviderClass = new (issuer: string, configuration: object) => { callback(): Handler };

/** The person the sandbox's sign-in suggests; any login and any password are accepted. */
export const DEVELOPMENT_USER = 'developer';
export const DEVELOPMENT_CLIENT_ID = 'sandbox-gateway';

export interface DevelopmentIdp {
  issuer: string;
  clientId: string;
  clientSecret: string;
  close(): Promise<void>;
}

/**
 * An OpenID Provider in the gateway's process for sandbox mode (`npm start` with nothing configured):
 * `oidc-provider` (a certified implementation, a development dependency) on a loopback port, with
 * its development login pages, one confidential client for the gateway and JWT access tokens for
 * `audience` (client-credentials grant). Never in production: only the composition root starts it,
 * in sandbox mode, which production refuses.
 *
 * `oidc-provider` is ESM-only: loaded here with `require` (Node ≥ 20.19 loads ES modules so), lazily,
 * so that nothing else ever loads it.
 */
export async function startDevelopmentIdp(
  gatewayUrl: string,
  audience: string,
): Promise<DevelopmentIdp> {
  const Provider = quietly(
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    () => (require('oidc-provider') as { default: ProviderClass }).default,
  );
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const clientSecret = randomBytes(24).toString('base64url');
  const provider = quietly(
    () =>
      new Provider(issuer, {
        clients: [
          {
            client_id: DEVELOPMENT_CLIENT_ID,
            client_secret: clientSecret,
            redirect_uris: [`${gatewayUrl}/auth/callback`],
            grant_types: ['authorization_code', 'refresh_token', 'client_credentials'],
            response_types: ['code'],
          },
        ],
        findAccount: (_ctx: unknown, sub: string) => ({
          accountId: sub,
          claims: () => ({ sub, email: `${sub}@sandbox.test`, name: sub, groups: [...SCOPES] }),
        }),
        claims: { openid: ['sub'], email: ['email'], profile: ['name', 'groups'] },
        scopes: ['openid', 'offline_access', ...SCOPES],
        pkce: { required: () => true },
        features: {
          devInteractions: { enabled: true },
          clientCredentials: { enabled: true },
          rpInitiatedLogout: { enabled: true },
          resourceIndicators: {
            enabled: true,
            useGrantedResource: () => true,
            getResourceServerInfo: () => ({
              scope: SCOPES.join(' '),
              audience,
              accessTokenFormat: 'jwt',
              accessTokenTTL: 3600,
              jwt: { sign: { alg: 'RS256' } },
            }),
          },
        },
      }),
  );
  server.on('request', provider.callback());
  return {
    issuer,
    clientId: DEVELOPMENT_CLIENT_ID,
    clientSecret,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * oidc-provider warns, rightly, that its in-memory store, development keys and login pages are for
 * development only (and that Node 20 is not its preferred runtime): that is what this is, and the
 * start-up banner says so, so those lines are left out of a newcomer's first screen.
 */
function quietly<T>(work: () => T): T {
  const warn = console.warn;
  console.warn = (...args: unknown[]) => {
    if (!String(args[0]).includes('oidc-provider WARNING')) {
      warn(...args);
    }
  };
  try {
    return work();
  } finally {
    console.warn = warn;
  }
}
