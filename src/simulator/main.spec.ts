import { optionsFromEnv, parseUsers } from './main';

describe('simulator main', () => {
  it('reads port and host with defaults', () => {
    expect(optionsFromEnv({})).toEqual({ port: 4010, host: '127.0.0.1' });
    expect(optionsFromEnv({ SIMULATOR_PORT: '0', SIMULATOR_HOST: '0.0.0.0' })).toEqual({
      port: 0,
      host: '0.0.0.0',
    });
  });

  it('parses SIMULATOR_USERS, keeping colons in passwords', () => {
    expect(parseUsers('a@x.io:pw, b@x.io:p:w,invalid')).toEqual([
      { email: 'a@x.io', password: 'pw' },
      { email: 'b@x.io', password: 'p:w' },
    ]);
    expect(parseUsers(undefined)).toEqual([]);
  });
});
