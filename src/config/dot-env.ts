import { ConfigurationError } from './configuration.error';

/**
 * Loads `.env` from the working directory into `process.env`, if there is one, with Node's own parser
 * (`process.loadEnvFile`, the same as `node --env-file`). A variable already set in the environment,
 * even to an empty value, wins: Node never overrides one. Read before the configuration is validated.
 *
 * @throws {ConfigurationError} when `.env` exists but cannot be read (never quoting its content).
 */
export function loadDotEnv(path = '.env'): void {
  try {
    process.loadEnvFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      return;
    }
    throw new ConfigurationError(`Cannot read ${path} (${code ?? 'unknown error'})`);
  }
}
