/**
 * Paths pino censors in any log object. Request and response headers are not logged at all; these
 * catch secrets that could still reach a log call (configuration dumps, error objects).
 */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  'headers.authorization',
  'headers.Authorization',
  'config.headers.Authorization',
  'err.config.headers.Authorization',
  'password',
  '*.password',
  'token',
  '*.token',
  'apiKey',
  '*.api_key',
  'SQUARED_API_TOKEN',
  'SQUARED_PASSWORD',
];
