import 'reflect-metadata';
import { loadGatewayConfig } from './gateway-config';

const load = (env: Record<string, string>) =>
  loadGatewayConfig({ SQUARED_API_URL: 'sandbox', ...env });

describe('OIDC configuration', () => {
  it('is off without OIDC_ISSUER', () => {
    expect(load({}).identity).toBeUndefined();
  });

  it.each([
    'https://idp.example.com/realms/x',
    'http://127.0.0.1:8080',
    'http://localhost:9',
    'http://[::1]:9',
  ])('accepts the issuer %s', (issuer) => {
    expect(load({ OIDC_ISSUER: issuer, OIDC_AUDIENCE: 'gw' }).identity).toEqual({
      issuer,
      audience: 'gw',
      scopePrefix: '',
    });
  });

  it('refuses a plain-http issuer off loopback, naming the variable only', () => {
    expect(() => load({ OIDC_ISSUER: 'http://idp.example.com', OIDC_AUDIENCE: 'gw' })).toThrow(
      /^OIDC_ISSUER must be an https URL/,
    );
  });

  it('needs an audience with an issuer, and an issuer with an audience', () => {
    expect(() => load({ OIDC_ISSUER: 'https://idp.example.com' })).toThrow(/OIDC_AUDIENCE/);
    expect(() => load({ OIDC_CLIENT_ID: 'bff' })).toThrow(/needs OIDC_ISSUER/);
    expect(() => load({ OIDC_AUDIENCE: 'gw' })).toThrow(/needs OIDC_ISSUER/);
  });
});
