import { authorizationFieldCount, bearerKeyOf } from './bearer-key';

describe('bearerKeyOf', () => {
  it.each(['Bearer sgw_abc', 'bearer sgw_abc', 'BEARER sgw_abc', 'Bearer   sgw_abc'])(
    'reads the key of %j (scheme case-insensitive, 1*SP)',
    (header) => {
      expect(bearerKeyOf(header)).toBe('sgw_abc');
    },
  );

  it.each([
    undefined,
    '',
    'Bearer',
    'Bearer ',
    'Bearersgw_abc',
    'Bearer\tsgw_abc',
    'Basic sgw_abc',
  ])('finds no key in %j', (header) => {
    expect(bearerKeyOf(header)).toBeUndefined();
  });

  it('refuses a key with a space or a control character, and one over 512 characters', () => {
    expect(bearerKeyOf('Bearer sgw_a sgw_b')).toBeUndefined();
    expect(bearerKeyOf('Bearer sgw_\u0001')).toBeUndefined();
    expect(bearerKeyOf(`Bearer ${'k'.repeat(512)}`)).toHaveLength(512);
    expect(bearerKeyOf(`Bearer ${'k'.repeat(513)}`)).toBeUndefined();
  });
});

describe('authorizationFieldCount', () => {
  it('counts Authorization names in raw headers, whatever their case', () => {
    const raw = ['Host', 'x', 'authorization', 'Bearer a', 'AUTHORIZATION', 'Bearer b'];
    expect(authorizationFieldCount(raw)).toBe(2);
    expect(authorizationFieldCount(['Host', 'x', 'Authorization', 'Bearer a'])).toBe(1);
    // A value that reads "authorization" is not a name.
    expect(authorizationFieldCount(['X-Note', 'authorization'])).toBe(0);
  });
});
