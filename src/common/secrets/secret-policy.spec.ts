import { isSecretKey, maskSecretText, REDACTED, redactString } from './secret-policy';

describe('secret policy', () => {
  it.each([
    ['Authorization: Bearer abc.def-ghi', `Authorization: Bearer ${REDACTED}`],
    ['BEARER  abc', `BEARER  ${REDACTED}`],
    ['basic dXNlcjpwYXNz', `basic ${REDACTED}`],
    ['redis://user:s3cret@host:6379/0', `redis://user:${REDACTED}@host:6379/0`],
    ['POSTGRES://app:p@ss@db/x', `POSTGRES://app:${REDACTED}@db/x`],
    ['redis://:pw@h', `redis://:${REDACTED}@h`],
    ['keys: sgw_AbCdEfGhIjKl, sgw_x', `keys: sgw_${REDACTED}, sgw_${REDACTED}`],
    ['got eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln now', `got ${REDACTED} now`],
    ['?api_key=abc&page=2', `?api_key=${REDACTED}&page=2`],
    ['{"SQUARED_PASSWORD":"pw","n":1}', `{"SQUARED_PASSWORD":"${REDACTED}","n":1}`],
    [`"keySha256":"${'a'.repeat(64)}"`, `"keySha256":"${REDACTED}"`],
    ['SIMULATOR_USERS=a@b:pw,c@d:pw2', `SIMULATOR_USERS=${REDACTED}`],
    [
      '-----BEGIN EC PRIVATE KEY-----\nAAA\n-----END EC PRIVATE KEY-----\nrest',
      `${REDACTED}\nrest`,
    ],
    ['-----BEGIN PRIVATE KEY-----\nAAA (cut short)', REDACTED],
  ])('masks %j inside text', (text, masked) => {
    expect(maskSecretText(text)).toBe(masked);
  });

  it('leaves text without secrets alone', () => {
    for (const text of [
      'Squared answered 502; retrying',
      'https://api.squared.ai/api/v1/syncs/42',
      'svc@example.com',
      '0 */6 * * *',
      'token_count: 3',
    ]) {
      expect(maskSecretText(text)).toBe(text);
    }
  });

  it('replaces a value that is wholly a credential, and masks one inside a value', () => {
    expect(redactString('Bearer abc')).toBe(REDACTED);
    expect(redactString('sgw_abc')).toBe(REDACTED);
    expect(redactString('eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln')).toBe(REDACTED);
    expect(redactString('postgres://u:pw@h/db')).toBe(`postgres://u:${REDACTED}@h/db`);
    expect(redactString('plain')).toBe('plain');
  });

  it.each([
    ['authorization', true],
    ['Set-Cookie', true],
    ['embedding_api_key', true],
    ['client_secret', true],
    ['keySha256', true],
    ['REDIS_URL', true],
    ['key', false],
    ['email', false],
    ['cookies_enabled', false],
  ])('treats the key %s as secret-named: %s', (key, secret) => {
    expect(isSecretKey(key)).toBe(secret);
  });

  // Linear in the input. While the patterns could backtrack quadratically (between two unbounded
  // runs, or from every start inside a run), each of these strings (128 Ki characters, twice what a
  // body can carry) took 4–15 s; linear, they take well under 50 ms, far below the bound.
  it.each([
    ['a JWT start in every dash-separated word', 'eyJ-'.repeat(32_768)],
    ['a URL scheme from every letter of a dotted word', `${'a.'.repeat(65_536)}://`],
    ['spaces between a secret name and a quote', `token:${' '.repeat(131_072)}"`],
    ['a secret name after a long dashed word', `${'a-'.repeat(65_536)}token`],
    ['a JWT whose second segment never ends', `eyJa.${'b-'.repeat(65_536)}`],
  ])('masks %s in linear time', (_what, text) => {
    const started = process.hrtime.bigint();
    maskSecretText(text);
    redactString(text);
    expect(Number(process.hrtime.bigint() - started) / 1e6).toBeLessThan(1000);
  });
});
