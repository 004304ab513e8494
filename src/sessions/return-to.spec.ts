import { GatewayError } from '../common/errors/gateway.error';
import { checkedReturnTo, DEFAULT_RETURN_TO } from './return-to';

const PUBLIC_URL = 'https://gw.example.com';

describe('checkedReturnTo', () => {
  it.each(['/syncs/42', '/auth/me?x=1#top', '/a/b/../c'])('keeps the local path %s', (path) => {
    expect(checkedReturnTo(path, PUBLIC_URL)).toBe(path);
  });

  it('defaults to /auth/me', () => {
    expect(checkedReturnTo(undefined, PUBLIC_URL)).toBe(DEFAULT_RETURN_TO);
    expect(checkedReturnTo('', PUBLIC_URL)).toBe(DEFAULT_RETURN_TO);
  });

  it.each([
    'https://evil.test',
    '//evil.test',
    '///evil.test',
    '/\\evil.test',
    '\\/evil.test',
    'evil.test',
    'javascript:alert(1)',
    '/x\ny',
    `/${'a'.repeat(2048)}`,
  ])('refuses %j', (value) => {
    expect(() => checkedReturnTo(value, PUBLIC_URL)).toThrow(GatewayError);
  });
});
