// A real OpenID Provider (oidc-provider, certified, written by nobody on this project) for the e2e
// suite, run as its own Node process because oidc-provider is ESM-only and Jest loads CommonJS.
// It listens on loopback, prints {"issuer": "..."} on its first line, and obeys IPC messages:
//   {"op": "rotate"}  new signing key (the old one is no longer published), answers {"rotated": kid}
//   {"op": "stats"}   answers {"jwksFetches": n}: how often the key set was fetched
//   {"op": "stop"}    closes the server and exits.
// Configuration comes as one JSON argument: {clientId, clientSecret, redirectUri, postLogoutUri,
// audience, scopes, extraKeys} (extraKeys: private JWKs the test signs its own tokens with, published
// beside the provider's key).
import { createServer } from 'node:http';
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import Provider from 'oidc-provider';

const options = JSON.parse(process.argv[2] ?? '{}');
const gatewayScopes = options.scopes ?? 'syncs:read syncs:write audit:read';

function newSigningKey() {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { ...privateKey.export({ format: 'jwk' }), kid: randomUUID(), use: 'sig', alg: 'RS256' };
}

// Every person signs in with any password; a login of `alice` is alice@example.test. Groups carry
// the gateway scopes a session gets (a login starting with `reader` only reads).
function account(sub) {
  const groups = sub.startsWith('reader') ? ['syncs:read'] : gatewayScopes.split(' ');
  return {
    accountId: sub,
    claims: () => ({ sub, email: `${sub}@example.test`, name: `Person ${sub}`, groups }),
  };
}

function buildProvider(issuer, key) {
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: options.clientId ?? 'gateway-bff',
        client_secret: options.clientSecret ?? 'bff-secret',
        redirect_uris: [options.redirectUri ?? 'http://127.0.0.1/auth/callback'],
        post_logout_redirect_uris: [options.postLogoutUri ?? 'http://127.0.0.1/'],
        grant_types: ['authorization_code', 'refresh_token', 'client_credentials'],
        response_types: ['code'],
      },
    ],
    jwks: { keys: [key, ...(options.extraKeys ?? [])] },
    findAccount: (_ctx, sub) => account(sub),
    claims: { openid: ['sub'], email: ['email'], profile: ['name', 'groups'] },
    scopes: ['openid', 'offline_access', ...gatewayScopes.split(' ')],
    pkce: { required: () => true },
    features: {
      devInteractions: { enabled: true },
      clientCredentials: { enabled: true },
      rpInitiatedLogout: { enabled: true },
      resourceIndicators: {
        enabled: true,
        useGrantedResource: () => true,
        getResourceServerInfo: (_ctx, resource) => ({
          scope: gatewayScopes,
          audience: resource,
          accessTokenFormat: 'jwt',
          accessTokenTTL: 300,
          jwt: { sign: { alg: 'RS256' } },
        }),
      },
    },
  });
  provider.on('server_error', (_ctx, error) => process.stderr.write(`${error.stack}\n`));
  return provider;
}

let handler = (_req, res) => res.end();
let jwksFetches = 0;
const server = createServer((req, res) => {
  if (req.url?.startsWith('/jwks')) {
    jwksFetches += 1;
  }
  handler(req, res);
});
server.listen(0, '127.0.0.1', () => {
  const issuer = `http://127.0.0.1:${server.address().port}`;
  let key = newSigningKey();
  handler = buildProvider(issuer, key).callback();
  process.stdout.write(`${JSON.stringify({ issuer, kid: key.kid })}\n`);
  process.on('message', (message) => {
    if (message.op === 'rotate') {
      key = newSigningKey();
      handler = buildProvider(issuer, key).callback();
      process.send({ rotated: key.kid });
    } else if (message.op === 'stats') {
      process.send({ jwksFetches });
    } else if (message.op === 'stop') {
      server.closeAllConnections();
      server.close(() => process.exit(0));
    }
  });
  process.on('disconnect', () => process.exit(0));
});
