import { SquaredCredentials } from './squared-credentials';

/** An operator-issued token: opaque, never refreshed; after a 401 only an operator can fix it. */
export class StaticTokenCredentials extends SquaredCredentials {
  constructor(private readonly staticToken: string) {
    super();
  }

  token(): Promise<string> {
    return Promise.resolve(this.staticToken);
  }

  renewAfterRejection(): Promise<boolean> {
    return Promise.resolve(false);
  }
}
