/** What every sink (logs, audit records, request ids) writes in place of a secret. */
export const REDACTED = '[redacted]';

/**
 * Key names whose values are secrets wherever they appear: headers, axios configs, config dumps, a
 * mapping's `embedding_config.api_key`, the registry's key digests. Anchored names are exact; the rest
 * match anywhere in the name (`client_secret`, `accessToken`, `SQUARED_PASSWORD`, `private-key`).
 */
const SECRET_KEY = new RegExp(
  [
    '^(?:authorization|proxy-authorization|cookie|set-cookie|x-api-key|keys|client_?key)$',
    '^(?:gateway_clients|redis_url|database_url|audit_database_url|simulator_users)$',
    'key_?sha256|api[-_]?key|private[-_]?key|password|passwd|passphrase|secret|token|credential',
  ].join('|'),
  'i',
);

/**
 * Credentials recognisable by their form, inside any text: each pattern with what replaces a match.
 * Replacements keep the scheme or prefix, so a log line still says what kind of credential was there.
 */
const CREDENTIAL_FORMS: [RegExp, string][] = [
  // PEM blocks, to their END line or, cut short, to the end of the text.
  [
    /-----BEGIN ([A-Z0-9 ]*)PRIVATE KEY-----(?:[\s\S]*?-----END \1PRIVATE KEY-----|[\s\S]*$)/g,
    REDACTED,
  ],
  // JWTs (Squared's own tokens are JWTs, and so are the IdP's): header and payload start with `{"`.
  // Only where a base64url run starts: trying every `eyJ` inside one would be quadratic.
  [/(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*/g, REDACTED],
  [/\b(Bearer|Basic)(\s+)[^\s"',;]+/gi, `$1$2${REDACTED}`],
  // URL user-info: the password runs to the authority's last `@` (an `@` in it must be escaped). The
  // scheme is bounded, so that a long dotted word is not tried as one from each of its letters.
  [/\b([a-z][a-z0-9+.-]{0,31}:\/\/[^\s:@/]*):[^\s/?#"'<>]*@/gi, `$1:${REDACTED}@`],
  // Gateway keys, whatever their length (a test's `sgw_abc` as much as a real 43-character key).
  [/\bsgw_[A-Za-z0-9_-]+/g, `sgw_${REDACTED}`],
];

/** A secret-named key and its value written as text: the value is masked. */
const SECRET_PAIRS: [RegExp, string][] = [
  // A key digest quoted in text (a registry entry in a message): `"keySha256":"<64 hex>"`.
  [/(key_?sha256\\?["']?\s*[:=]\s*\\?["']?)[0-9a-f]{64}/gi, `$1${REDACTED}`],
  // The simulator's `SIMULATOR_USERS=email:password,…`, the whole list.
  [/(simulator_users\\?["']?\s*[:=]\s*\\?["']?)[^\s"'\\]+/gi, `$1${REDACTED}`],
  // `password=…`, `"SQUARED_API_TOKEN":"…"`: a secret-named key and its value, in a query string or
  // JSON text (the name may end in one: `client_secret`, `set-cookie`). No two adjacent unbounded
  // runs (backtracking between them would be quadratic in a long run of spaces).
  [
    /((?:api[-_]?key|token|password|passwd|secret|cookie)\\?["']?\s*[:=]\s*(?:\[\s*)?\\?["']?)[^\s"'\\&,;}\]]+/gi,
    `$1${REDACTED}`,
  ],
];

const SECRET_TEXT = [...CREDENTIAL_FORMS, ...SECRET_PAIRS];

/** The forms as a whole value: such a value is replaced by REDACTED, not partly masked. */
const SECRET_VALUE = CREDENTIAL_FORMS.map(
  ([pattern]) => new RegExp(`^(?:${pattern.source})$`, pattern.flags.replace('g', '')),
);

/** Cheap pre-test: most text (ids, routes, messages) contains none of the patterns' anchors. */
const MAY_HOLD_SECRET =
  /private key|eyj|bearer|basic|:\/\/|sgw_|sha256|api.?key|token|passw|secret|cookie|_users/i;

/** Whether values under `key` are secrets, whatever they look like. */
export function isSecretKey(key: string): boolean {
  return SECRET_KEY.test(key);
}

/** `text` with every secret it holds masked. */
export function maskSecretText(text: string): string {
  if (!MAY_HOLD_SECRET.test(text)) {
    return text;
  }
  return SECRET_TEXT.reduce(
    (result, [pattern, replacement]) => result.replace(pattern, replacement),
    text,
  );
}

/** A string value as the sinks store it: REDACTED when it is a credential, otherwise masked. */
export function redactString(value: string): string {
  if (!MAY_HOLD_SECRET.test(value)) {
    return value;
  }
  return SECRET_VALUE.some((pattern) => pattern.test(value)) ? REDACTED : maskSecretText(value);
}
