/**
 * A store failure as a log line may show it: the error's name and message only, so that a driver
 * error never carries record contents (or a connection string's details) into the log.
 */
export function describeStoreFailure(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : 'unknown error';
}
