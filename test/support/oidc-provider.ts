import { ChildProcess, fork } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

/** What the test's provider is told: its one client and the audience of its access tokens. */
export interface ProviderOptions {
  clientId?: string;
  clientSecret?: string;
  redirectUri?: string;
  postLogoutUri?: string;
  audience?: string;
  /** Private JWKs the test signs its own tokens with; the provider publishes them too. */
  extraKeys?: object[];
}

/**
 * A real OpenID Provider (`oidc-provider`) on loopback, in a child process of its own
 * (`oidc-op/provider.mjs`: the package is ESM-only, Jest loads CommonJS).
 */
export class TestProvider {
  private constructor(
    private readonly child: ChildProcess,
    readonly issuer: string,
    readonly options: Required<Pick<ProviderOptions, 'clientId' | 'clientSecret' | 'audience'>>,
  ) {}

  static async start(options: ProviderOptions = {}): Promise<TestProvider> {
    const settled = {
      clientId: options.clientId ?? 'gateway-bff',
      clientSecret: options.clientSecret ?? `bff-secret-${process.pid}-${Date.now()}`,
      audience: options.audience ?? 'https://gateway.test',
    };
    const child = fork(
      join(__dirname, 'oidc-op', 'provider.mjs'),
      [JSON.stringify({ ...options, ...settled })],
      { execArgv: [], stdio: ['ignore', 'pipe', 'pipe', 'ipc'] },
    );
    child.stderr?.resume(); // its start-up warnings (development adapter) are expected
    const [line] = (await once(createInterface({ input: child.stdout! }), 'line')) as [string];
    const { issuer } = JSON.parse(line) as { issuer: string };
    return new TestProvider(child, issuer, settled);
  }

  /** A JWT access token of the client-credentials grant, for `scope`. */
  async clientToken(scope: string): Promise<string> {
    const response = await fetch(`${this.issuer}/token`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${this.options.clientId}:${this.options.clientSecret}`).toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        scope,
        resource: this.options.audience,
      }),
    });
    const body = (await response.json()) as { access_token?: string };
    if (!body.access_token) {
      throw new Error(`the provider gave no token: ${JSON.stringify(body)}`);
    }
    return body.access_token;
  }

  /** A new signing key; the old one is no longer published. */
  rotateKeys(): Promise<string> {
    return this.ask<{ rotated: string }>({ op: 'rotate' }).then((answer) => answer.rotated);
  }

  async jwksFetches(): Promise<number> {
    return (await this.ask<{ jwksFetches: number }>({ op: 'stats' })).jwksFetches;
  }

  async close(): Promise<void> {
    if (this.child.exitCode !== null) {
      return;
    }
    const exited = once(this.child, 'exit');
    this.child.send({ op: 'stop' });
    await exited;
  }

  private async ask<T>(message: object): Promise<T> {
    const answer = once(this.child, 'message') as Promise<[T]>;
    this.child.send(message);
    return (await answer)[0];
  }
}
