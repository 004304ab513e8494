import { IncomingMessage, ServerResponse } from 'node:http';
import { redactSecrets, SpecialObject } from '../common/secrets/redact-secrets';
import { maskSecretText } from '../common/secrets/secret-policy';

/** Secrets inside free text (messages, stacks) masked by the one policy (common/secrets). */
export const scrubText = maskSecretText;

/** What the log walk does with objects that are not plain data. */
const logSpecials: SpecialObject = (value) => {
  if (value instanceof Error) {
    return { replaced: scrubError(value) };
  }
  if (
    value instanceof IncomingMessage ||
    value instanceof ServerResponse ||
    Buffer.isBuffer(value) ||
    value instanceof Date
  ) {
    return { replaced: value }; // left to the request/response serializers, which keep no headers
  }
  return undefined;
};

/**
 * A copy of a log object redacted by the same policy as the audit log (common/secrets): secret-named
 * keys censored at any depth, credentials in strings masked. Defence in depth: the gateway never logs
 * headers or raw upstream errors on purpose, but a future `logger.warn({ config })` or an error
 * carrying an axios config must not leak the Squared token.
 */
export function scrubSecrets(value: unknown): unknown {
  return redactSecrets(value, logSpecials);
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
