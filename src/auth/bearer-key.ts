const BEARER = /^Bearer ([\x21-\x7e]{1,512})$/;

/** The key of an `Authorization: Bearer <gateway key>` header, or undefined for any other value. */
export function bearerKeyOf(header: string | undefined): string | undefined {
  return header ? BEARER.exec(header)?.[1] : undefined;
}
