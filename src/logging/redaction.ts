/**
 * Paths pino censors in any log object. Request and response headers are not logged at all; these
 * catch secrets that could still reach a log call. `scrubSecrets` (secret-scrubber.ts) then covers
 * any depth and secrets inside strings.
 */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  'headers.authorization',
  'headers.Authorization',
  'headers.cookie',
  'config.headers.Authorization',
  'err.config.headers.Authorization',
  'err.config.data',
  'err.request',
  'err.response',
  'password',
  '*.password',
  'token',
  '*.token',
  'apiKey',
  '*.api_key',
  'SQUARED_API_TOKEN',
  'SQUARED_PASSWORD',
  'GATEWAY_CLIENTS',
  'REDIS_URL',
];

export const CENSOR = '[redacted]';
