import { SessionCipher } from './shared-session.cipher';

describe('SessionCipher', () => {
  const cipher = new SessionCipher('svc@example.com', 'the-password');

  it('round-trips a token and never stores it in clear', () => {
    const sealed = cipher.seal('jwt.token.value', 'key-1');
    expect(sealed).not.toContain('jwt.token.value');
    expect(cipher.open(sealed, 'key-1')).toBe('jwt.token.value');
    expect(cipher.seal('jwt.token.value', 'key-1')).not.toBe(sealed); // a fresh IV each time
  });

  it('derives the same key on every replica with the same account (email case aside)', () => {
    const sealed = cipher.seal('t', 'k');
    expect(new SessionCipher('SVC@example.com', 'the-password').open(sealed, 'k')).toBe('t');
  });

  it('refuses another password, another context and tampered values', () => {
    const sealed = cipher.seal('t', 'k');
    expect(new SessionCipher('svc@example.com', 'other').open(sealed, 'k')).toBeUndefined();
    expect(cipher.open(sealed, 'other-key')).toBeUndefined();
    const [version, iv, body, tag] = sealed.split('.');
    const flipped = Buffer.from(body, 'base64url');
    flipped[0] ^= 1;
    expect(cipher.open([version, iv, flipped.toString('base64url'), tag].join('.'), 'k')).toBe(
      undefined,
    );
    expect(cipher.open('garbage', 'k')).toBeUndefined();
  });
});
