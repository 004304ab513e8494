import { randomBytes } from 'node:crypto';
import { generateClientKey, sha256Hex } from '../../src/auth/client-keys';

/**
 * Every credential shape the gateway knows, each in the places it can turn up: under its usual key,
 * as a whole value under an innocent key, and inside free text. Run through every sink (log lines,
 * audit records, answers): none of `secrets` may survive, and the sinks must agree.
 *
 * Values are fresh per load, so that a leak cannot hide behind a value that happens to be elsewhere.
 */
export interface CorpusEntry {
  /** The credential shape. */
  name: string;
  /** Substrings that must not survive any sink. */
  secrets: string[];
  /** The shape in its contexts, as a log object or an audit value would carry it. */
  value: Record<string, unknown>;
}

const hex = (bytes: number) => randomBytes(bytes).toString('hex');
const b64url = (value: object | string) =>
  Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');

/** A JWT as Squared's login (devise-jwt, HS256) or an IdP (RS256) issues it. */
function jwt(alg: string, claims: object): string {
  return `${b64url({ alg, typ: 'JWT' })}.${b64url(claims)}.${randomBytes(32).toString('base64url')}`;
}

function pem(label: string): { block: string; body: string } {
  const body = randomBytes(96)
    .toString('base64')
    .replace(/(.{64})/g, '$1\n');
  return { block: `-----BEGIN ${label}-----\n${body}\n-----END ${label}-----\n`, body };
}

/** What a shape looks like in every context where its form alone gives it away. */
function everywhere(key: string, secret: string, extra: Record<string, unknown> = {}) {
  return {
    [key]: secret,
    column: secret,
    note: `failed with ${secret}; retrying`,
    nested: { list: [{ value: secret }] },
    ...extra,
  };
}

export function secretCorpus(): CorpusEntry[] {
  const squaredToken = `sq-live-${hex(16)}`;
  const sessionJwt = jwt('HS256', { sub: '7', scp: 'user', jti: hex(8), exp: 1_900_000_000 });
  const idpJwt = jwt('RS256', { iss: 'https://idp.example', sub: 'u1', aud: 'gateway' });
  const password = `Svc-pw-${hex(6)}`;
  const urlPassword = `p@ss-${hex(4)}`;
  const longKey = generateClientKey();
  const shortKey = `sgw_${hex(3)}`;
  const digest = sha256Hex(longKey);
  const basic = Buffer.from(`svc@example.com:${password}`).toString('base64');
  const opaqueBearer = `${hex(6)}.${hex(6)}-${hex(3)}`;
  const rsa = pem('RSA PRIVATE KEY');
  const pkcs8 = pem('PRIVATE KEY');
  const ec = pem('EC PRIVATE KEY');
  const embeddingKey = `sk-live-${hex(12)}`;
  const clientSecret = `oidc-${hex(12)}`;
  const cookie = hex(16);
  const queryKey = hex(10);

  return [
    {
      name: 'Squared API token (static, opaque)',
      secrets: [squaredToken],
      value: {
        SQUARED_API_TOKEN: squaredToken,
        token: squaredToken,
        headers: { Authorization: `Bearer ${squaredToken}`, accept: 'application/json' },
        config: { headers: { Authorization: `Bearer ${squaredToken}` } },
        note: `Authorization: Bearer ${squaredToken}`,
      },
    },
    {
      name: 'Squared session token (JWT)',
      secrets: [sessionJwt],
      value: everywhere('token', sessionJwt, { header: `Bearer ${sessionJwt}` }),
    },
    {
      name: 'service-account password',
      secrets: [password, basic],
      value: {
        SQUARED_PASSWORD: password,
        credentials: { kind: 'account', email: 'svc@example.com', password },
        user: { email: 'svc@example.com', password },
        login: `{"user":{"email":"svc@example.com","password":"${password}"}}`,
        query: `email=svc%40example.com&password=${password}`,
      },
    },
    {
      name: 'gateway key (long)',
      secrets: [longKey, longKey.slice(4)],
      value: everywhere('key', longKey, { authorization: `Bearer ${longKey}` }),
    },
    {
      name: 'gateway key (short)',
      secrets: [shortKey],
      value: everywhere('clientKey', shortKey),
    },
    {
      name: 'gateway key digest',
      secrets: [digest],
      value: {
        keySha256: digest,
        key_sha256: digest,
        entries: [{ id: 'billing-ui', keySha256: digest, scopes: ['syncs:read'] }],
        GATEWAY_CLIENTS: JSON.stringify([{ id: 'billing-ui', keySha256: digest }]),
        note: `registry entry {"id":"billing-ui","keySha256":"${digest}"}`,
      },
    },
    {
      name: 'IdP JWT',
      secrets: [idpJwt],
      value: everywhere('id_token', idpJwt),
    },
    {
      name: 'Basic credentials',
      secrets: [basic],
      value: everywhere('Authorization', `Basic ${basic}`, { proxy: `basic ${basic}` }),
    },
    {
      name: 'opaque bearer value',
      secrets: [opaqueBearer],
      value: everywhere('Authorization', `Bearer ${opaqueBearer}`, {
        spaced: `BEARER   ${opaqueBearer}`,
      }),
    },
    {
      name: 'PEM private keys',
      secrets: [rsa.body, pkcs8.body, ec.body, rsa.body.slice(0, 40)],
      value: {
        private_key: rsa.block,
        column: pkcs8.block,
        note: `loaded ${ec.block} from the vault`,
        truncated: rsa.block.slice(0, 100),
      },
    },
    {
      name: 'URL passwords',
      secrets: [urlPassword, password],
      value: {
        REDIS_URL: `redis://:${password}@redis:6379/0`,
        AUDIT_DATABASE_URL: `postgres://gateway:${urlPassword}@db.internal/audit?schema=audit`,
        dsn: `postgres://gateway:${urlPassword}@db.internal:5432/audit?sslmode=require`,
        note: `cannot reach redis://default:${password}@cache:6379 (ECONNREFUSED)`,
        json: `{"url":"https://svc:${password}@squared.example/api"}`,
      },
    },
    {
      name: 'embedding_config.api_key',
      secrets: [embeddingKey],
      value: {
        configuration: [
          {
            from: 'bio',
            to: 'vector',
            mapping_type: 'vector',
            embedding_config: { mode: 'open_ai', model: 'm', api_key: embeddingKey },
          },
        ],
        note: `{"embedding_config":{"api_key":"${embeddingKey}"}}`,
      },
    },
    {
      name: 'OIDC client secret, cookies, keys in query strings',
      secrets: [clientSecret, cookie, queryKey],
      value: {
        OIDC_CLIENT_SECRET: clientSecret,
        client_secret: clientSecret,
        cookie: `sid=${cookie}`,
        'set-cookie': [`sid=${cookie}; HttpOnly`],
        url: `https://api.example/v1?api_key=${queryKey}&page=2`,
        note: `token=${queryKey}`,
      },
    },
    {
      name: 'simulator configuration (standalone sandbox)',
      secrets: [password, squaredToken],
      value: {
        SIMULATOR_USERS: `svc@example.com:${password},ops@example.com:${password}`,
        SIMULATOR_TOKEN: squaredToken,
      },
    },
    {
      name: 'connector configuration (Squared model connector)',
      secrets: [password],
      value: { connector: { configuration: { host: 'warehouse.internal', password } } },
    },
  ];
}
