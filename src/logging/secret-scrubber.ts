import { IncomingMessage, ServerResponse } from 'node:http';
import { CENSOR } from './redaction';

/**
 * Key names whose values are secrets wherever they appear (headers, axios configs, config dumps):
 * credentials, tokens, passwords, keys and key digests, cookies.
 */
const SECRET_KEY =
  /^(authorization|proxy-authorization|cookie|set-cookie|credentials?|api[-_]?key|x-api-key|key_?sha256|keys|client_?key)$|password|passwd|secret|token/i;

/** Secrets inside free text: bearer credentials, URL user-info, gateway keys. */
const SECRET_TEXT: [RegExp, string][] = [
  [/\b(Bearer|Basic)\s+[^\s"',;]+/gi, `$1 ${CENSOR}`],
  [/\b([a-z][a-z0-9+.-]*:\/\/)([^\s:@/]*):[^\s@/]+@/gi, `$1$2:${CENSOR}@`],
  [/\bsgw_[A-Za-z0-9_-]{8,}/g, `sgw_${CENSOR}`],
];

const MAX_DEPTH = 8;

/** Cheap pre-test: most log text (ids, routes, messages) contains none of the patterns' anchors. */
const MAY_HOLD_SECRET = /bearer|basic|:\/\/|sgw_/i;

export function scrubText(text: string): string {
  if (!MAY_HOLD_SECRET.test(text)) {
    return text;
  }
  return SECRET_TEXT.reduce(
    (result, [pattern, replacement]) => result.replace(pattern, replacement),
    text,
  );
}

/**
 * A copy of a log object with secret-named keys censored at any depth and secrets in strings masked.
 * Defence in depth: the gateway never logs headers or raw upstream errors on purpose, but a future
 * `logger.warn({ config })` or an error carrying an axios config must not leak the Squared token.
 */
export function scrubSecrets(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') {
    return scrubText(value);
  }
  if (typeof value !== 'object' || value === null || depth >= MAX_DEPTH) {
    return value;
  }
  if (Array.isArray(value)) {
    return value.map((item) => scrubSecrets(item, depth + 1));
  }
  if (value instanceof Error) {
    return scrubError(value);
  }
  if (
    value instanceof IncomingMessage ||
    value instanceof ServerResponse ||
    Buffer.isBuffer(value)
  ) {
    return value; // left to the request/response serializers, which keep no headers
  }
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    copy[key] = SECRET_KEY.test(key) && item !== undefined ? CENSOR : scrubSecrets(item, depth + 1);
  }
  return copy;
}

/**
 * A copy of an error keeping its class, message, stack and code only, secrets masked. Its other own
 * properties are dropped: an AxiosError's `config` and `request` carry the `Authorization` header
 * (axios#2648). A copy rather than a plain object, so that pino still names the error's type.
 */
export function scrubError(error: Error): Error {
  const copy = Object.create(Object.getPrototypeOf(error) as object) as Error & { code?: unknown };
  copy.message = scrubText(error.message);
  if (error.stack) {
    copy.stack = scrubText(error.stack);
  }
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' || typeof code === 'number') {
    copy.code = code;
  }
  return copy;
}

/** The `err` serializer: what `safeError` keeps, from an error or pino's serialized form of one. */
export function safeErrorFields(error: unknown): Record<string, unknown> {
  if (typeof error !== 'object' || error === null) {
    return { type: typeof error, message: scrubText(String(error)) };
  }
  const { type, message, stack, code } = error as Record<string, unknown>;
  return {
    type: typeof type === 'string' ? type : 'Error',
    message: typeof message === 'string' ? scrubText(message) : '',
    ...(typeof stack === 'string' ? { stack: scrubText(stack) } : {}),
    ...(typeof code === 'string' || typeof code === 'number' ? { code } : {}),
  };
}

/**
 * pino `hooks.logMethod`: masks secrets in the message and its format arguments, and replaces errors
 * before pino reads them (pino takes the message of an `err` without a message as the line's `msg`).
 */
export function scrubLogArguments(
  this: unknown,
  args: unknown[],
  method: (...args: unknown[]) => void,
): void {
  method.apply(this, args.map(scrubArgument));
}

function scrubArgument(arg: unknown): unknown {
  if (typeof arg === 'string') {
    return scrubText(arg);
  }
  if (arg instanceof Error) {
    return scrubError(arg);
  }
  const err = (arg as { err?: unknown } | null)?.err;
  return err instanceof Error ? { ...(arg as object), err: scrubError(err) } : arg;
}
