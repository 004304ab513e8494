/** Thrown when the environment is unusable; the message names variables, never their values. */
export class ConfigurationError extends Error {
  override readonly name = 'ConfigurationError';
}
