import { BaseClient, custom, errors, generators, type TokenSet } from 'openid-client';
import type { SessionConfig } from '../config/identity-config';
import { OidcDiscovery } from '../identity/oidc-discovery';
import type { PendingLogin } from './session-record';

/** What a finished sign-in tells about the person (claims of the ID token, then userinfo). */
export interface SignedInPerson {
  claims: Record<string, unknown>;
  tokens: TokenSet;
}

/** A sign-in the IdP or the browser got wrong (not the gateway's fault, not the IdP being down). */
export class SignInFailed extends Error {
  override readonly name = 'SignInFailed';
}

/**
 * The gateway as an OpenID Connect relying party (openid-client): authorization code flow with PKCE
 * (S256), `state` and `nonce`; the code is redeemed with the client secret, and the ID token checked
 * (signature, iss, aud, exp, nonce, the `iss` response parameter) by openid-client.
 */
export class RelyingParty {
  private client: BaseClient | undefined;

  constructor(
    private readonly config: SessionConfig,
    private readonly discovery: OidcDiscovery,
  ) {}

  /** A new sign-in: its secrets (kept server-side) and the IdP URL to send the browser to. */
  async start(returnTo: string): Promise<{ login: PendingLogin; url: string }> {
    const client = await this.relyingParty();
    const login: PendingLogin = {
      state: generators.state(),
      nonce: generators.nonce(),
      codeVerifier: generators.codeVerifier(),
      returnTo,
    };
    const url = client.authorizationUrl({
      scope: this.config.scopes,
      response_type: 'code',
      code_challenge: generators.codeChallenge(login.codeVerifier),
      code_challenge_method: 'S256',
      state: login.state,
      nonce: login.nonce,
    });
    return { login, url };
  }

  /** @throws {SignInFailed} for a refused, forged or replayed callback. */
  async finish(callbackUrl: string, login: PendingLogin): Promise<SignedInPerson> {
    const client = await this.relyingParty();
    try {
      const params = client.callbackParams(callbackUrl);
      const tokens = await client.callback(this.config.redirectUri, params, {
        state: login.state,
        nonce: login.nonce,
        code_verifier: login.codeVerifier,
        response_type: 'code',
      });
      const claims: Record<string, unknown> = { ...tokens.claims() };
      if (tokens.access_token && client.issuer.metadata.userinfo_endpoint) {
        // The ID token may carry only `sub` (OIDC Core 5.4): email, name and groups come from here.
        Object.assign(claims, await client.userinfo(tokens), { sub: claims.sub });
      }
      return { claims, tokens };
    } catch (error) {
      if (error instanceof errors.OPError || error instanceof errors.RPError) {
        throw new SignInFailed(error.message);
      }
      throw error;
    }
  }

  /** Where to send the browser to sign out at the IdP too, when it offers RP-initiated logout. */
  async logoutUrl(idToken: string | undefined): Promise<string | undefined> {
    const client = await this.relyingParty();
    if (!client.issuer.metadata.end_session_endpoint) {
      return undefined;
    }
    return client.endSessionUrl({
      ...(idToken ? { id_token_hint: idToken } : {}),
      client_id: this.config.clientId,
    });
  }

  private async relyingParty(): Promise<BaseClient> {
    if (!this.client) {
      const issuer = await this.discovery.discover();
      const client = new issuer.Client({
        client_id: this.config.clientId,
        client_secret: this.config.clientSecret,
        redirect_uris: [this.config.redirectUri],
        response_types: ['code'],
      });
      client[custom.clock_tolerance] = 60;
      this.client = client;
    }
    return this.client;
  }
}
