/**
 * `Bearer` 1*SP b64token (RFC 6750 2.1); the scheme is case-insensitive (RFC 9110 11.1). Any visible
 * ASCII is taken as the key: the registry decides whether it is one.
 */
const BEARER = /^Bearer +([\x21-\x7e]{1,512})$/i;

/** The key of an `Authorization: Bearer <gateway key>` header, or undefined for any other value. */
export function bearerKeyOf(header: string | undefined): string | undefined {
  return header ? BEARER.exec(header)?.[1] : undefined;
}

/**
 * A JWS compact serialisation (three base64url parts; the third is empty for `alg: none`, which the
 * verifier refuses), up to 8 KiB: an RSA-signed access token is well over the 512 characters of a key.
 */
const BEARER_JWT = /^Bearer +([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*)$/i;
const MAX_JWT_LENGTH = 8192;

/** The token of an `Authorization: Bearer <JWT>` header, or undefined for anything not shaped so. */
export function bearerJwtOf(header: string | undefined): string | undefined {
  const token =
    header && header.length <= MAX_JWT_LENGTH + 16 ? BEARER_JWT.exec(header)?.[1] : undefined;
  return token && token.length <= MAX_JWT_LENGTH ? token : undefined;
}

/**
 * How many `Authorization` fields the request carried. Node keeps only the first in `headers`, so a
 * second one would otherwise be silently ignored; `rawHeaders` alternates names and values.
 */
export function authorizationFieldCount(rawHeaders: readonly string[]): number {
  let count = 0;
  for (let index = 0; index < rawHeaders.length; index += 2) {
    if (rawHeaders[index].toLowerCase() === 'authorization') {
      count += 1;
    }
  }
  return count;
}
