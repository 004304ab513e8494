import type { LoggerOptions } from 'pino';
import { safeErrorFields, scrubLogArguments, scrubSecrets } from './secret-scrubber';

/** `err` is left to its serializer (`safeErrorFields`), which sees it after pino's own. */
function scrubLog(object: Record<string, unknown>): Record<string, unknown> {
  const { err, ...rest } = object;
  const scrubbed = scrubSecrets(rest) as Record<string, unknown>;
  return err === undefined ? scrubbed : { ...scrubbed, err };
}

/**
 * The pino options that pass every log object, message and error through the secrets policy,
 * whatever logger produced them. The gateway's logger uses exactly these; so does the spec that runs
 * the secret corpus through the log sink.
 */
export const LOG_SCRUBBING = {
  formatters: { log: scrubLog },
  hooks: { logMethod: scrubLogArguments },
  serializers: { err: safeErrorFields },
} satisfies LoggerOptions;
