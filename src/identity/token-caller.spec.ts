import { callerOfToken, UnusableTokenError } from './token-caller';

describe('callerOfToken', () => {
  it('is a person in an application, with the gateway scopes of `scope`', () => {
    const caller = callerOfToken(
      {
        sub: 'alice',
        azp: 'admin-ui',
        email: 'a@x.test',
        name: 'Alice',
        scope: 'openid syncs:read',
      },
      '',
    );
    expect(caller).toEqual({
      type: 'user',
      id: 'alice',
      app: 'admin-ui',
      scopes: ['syncs:read'],
      email: 'a@x.test',
      name: 'Alice',
      credential: 'jwt',
    });
  });

  it('reads `scp` arrays, strips the configured prefix and ignores other scopes', () => {
    const caller = callerOfToken(
      { sub: 'bob', client_id: 'cli', scp: ['api://gw/syncs:write', 'syncs:read', 'api://gw/x'] },
      'api://gw/',
    );
    expect(caller.scopes).toEqual(['syncs:read', 'syncs:write']);
    expect(caller.app).toBe('cli');
  });

  it('is the application itself when sub is the client (client-credentials grant)', () => {
    expect(callerOfToken({ sub: 'svc', client_id: 'svc' }, '').type).toBe('client');
  });

  it.each([{ azp: 'admin-ui' }, { sub: 'alice' }, { sub: '', azp: 'x' }])(
    'refuses a token naming no sub or no application: %j',
    (claims) => {
      expect(() => callerOfToken(claims, '')).toThrow(UnusableTokenError);
    },
  );
});
