import { scrubError, scrubSecrets, scrubText } from './secret-scrubber';

describe('secret scrubber', () => {
  it('masks bearer credentials, URL passwords and gateway keys inside text', () => {
    expect(scrubText('Authorization: Bearer abc.def-ghi')).toBe('Authorization: Bearer [redacted]');
    expect(scrubText('redis://user:s3cret@host:6379/0')).toBe(
      'redis://user:[redacted]@host:6379/0',
    );
    expect(scrubText('key sgw_AbCdEfGhIjKlMnOp')).toBe('key sgw_[redacted]');
    expect(scrubText('nothing secret here')).toBe('nothing secret here');
  });

  it.each([
    ['BEARER abc', 'BEARER [redacted]'],
    ['basic dXNlcjpwYXNz', 'basic [redacted]'],
    ['POSTGRES://app:pw@db/x', 'POSTGRES://app:[redacted]@db/x'],
    ['keys: sgw_AbCdEfGhIjKl, sgw_MnOpQrStUvWx', 'keys: sgw_[redacted], sgw_[redacted]'],
  ])(
    'masks %s whatever its case or position (the quick pre-test lets none through)',
    (text, want) => {
      expect(scrubText(text)).toBe(want);
    },
  );

  it('censors secret-named keys at any depth and leaves the rest', () => {
    const scrubbed = scrubSecrets({
      a: { b: { headers: { Authorization: 'Bearer x', accept: 'json' } } },
      squared: { credentials: { kind: 'static', token: 't' } },
      list: [{ password: 'p', keySha256: 'f00' }],
      count: 3,
    });
    expect(scrubbed).toEqual({
      a: { b: { headers: { Authorization: '[redacted]', accept: 'json' } } },
      squared: { credentials: '[redacted]' },
      list: [{ password: '[redacted]', keySha256: '[redacted]' }],
      count: 3,
    });
  });

  it('copies an error with its class, message, stack and code only', () => {
    const error = Object.assign(new TypeError('failed: Bearer tok'), {
      code: 'ECONNRESET',
      config: { headers: { Authorization: 'Bearer tok' } },
    });
    const copy = scrubError(error);
    expect(copy).toBeInstanceOf(TypeError);
    expect(copy.message).toBe('failed: Bearer [redacted]');
    expect(copy.stack).not.toContain('tok');
    expect(copy).toMatchObject({ code: 'ECONNRESET' });
    expect(copy).not.toHaveProperty('config');
  });
});
