import {
  exportJWK,
  exportSPKI,
  generateKeyPair,
  type JWTPayload,
  type KeyLike,
  SignJWT,
} from 'jose';

/** A signing key of the test's own, published by the test provider beside its own key. */
export interface TestSigningKey {
  kid: string;
  privateKey: KeyLike;
  publicKey: KeyLike;
  /** The private JWK, for the provider to publish (its public half) in its JWKS. */
  jwk: object;
}

export async function newSigningKey(kid: string): Promise<TestSigningKey> {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  const jwk = { ...(await exportJWK(privateKey)), kid, alg: 'RS256', use: 'sig' };
  return { kid, privateKey, publicKey, jwk };
}

/** A token as a person's access token would be; `claims` override or (with undefined) remove. */
export function personClaims(
  issuer: string,
  audience: string,
  nowMs: number,
  claims: Record<string, unknown> = {},
): JWTPayload {
  const now = Math.floor(nowMs / 1000);
  const payload: Record<string, unknown> = {
    iss: issuer,
    aud: audience,
    sub: 'alice',
    azp: 'admin-ui',
    email: 'alice@example.test',
    name: 'Alice Example',
    scope: 'openid syncs:read syncs:write',
    iat: now,
    exp: now + 300,
    ...claims,
  };
  for (const [name, value] of Object.entries(payload)) {
    if (value === undefined) {
      delete payload[name];
    }
  }
  return payload;
}

export function signRs256(payload: JWTPayload, key: KeyLike, kid: string): Promise<string> {
  return new SignJWT(payload).setProtectedHeader({ alg: 'RS256', kid, typ: 'at+jwt' }).sign(key);
}

/** `alg: none`: no signature at all. */
export function unsigned(payload: JWTPayload): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'none', typ: 'JWT' })}.${part(payload)}.`;
}

/** The classic confusion attack: HS256 with the RSA public key (its PEM) as the HMAC secret. */
export async function hs256WithPublicKey(
  payload: JWTPayload,
  key: TestSigningKey,
): Promise<string> {
  const secret = new TextEncoder().encode(await exportSPKI(key.publicKey));
  return new SignJWT(payload).setProtectedHeader({ alg: 'HS256', kid: key.kid }).sign(secret);
}
