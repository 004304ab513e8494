import { randomBytes } from 'node:crypto';
import { loadGatewayConfig } from '../config/gateway-config';
import type { WritableSync } from '../common/sync/sync.types';
import { newWritableSync } from '../../test/support/factories';
import { AuditStateDigest, auditStateDigestFor } from './audit-state-digest';

const state = (apiKey: string): WritableSync =>
  newWritableSync({
    configuration: [
      { from: 'bio', to: 'v', embedding_config: { mode: 'open_ai', api_key: apiKey } },
    ],
  });

describe('AuditStateDigest', () => {
  const digest = new AuditStateDigest(randomBytes(32));

  it('tells apart two states that differ only in a secret', () => {
    expect(digest.of(state('sk-old'))).not.toBe(digest.of(state('sk-new')));
    expect(digest.matches(state('sk-new'), digest.of(state('sk-new')))).toBe(true);
    expect(digest.matches(state('sk-old'), digest.of(state('sk-new')))).toBe(false);
  });

  it('does not depend on key order or on members beyond the ten writable fields', () => {
    const reordered = Object.fromEntries(Object.entries(state('k')).reverse()) as WritableSync;
    const withExtra = { ...state('k'), status: 'disabled' } as WritableSync;
    expect(digest.of(reordered)).toBe(digest.of(state('k')));
    expect(digest.of(withExtra)).toBe(digest.of(state('k')));
  });

  it('is keyed: another key gives another digest', () => {
    const other = new AuditStateDigest(randomBytes(32));
    expect(other.of(state('k'))).not.toBe(digest.of(state('k')));
    expect(digest.of(state('k'))).toMatch(/^[0-9a-f]{64}$/);
  });

  it('refuses a malformed digest instead of throwing', () => {
    expect(digest.matches(state('k'), 'not hex')).toBe(false);
    expect(digest.matches(state('k'), '')).toBe(false);
  });
});

describe('auditStateDigestFor', () => {
  const base = {
    SQUARED_API_URL: 'https://api.squared.ai',
    SQUARED_WORKSPACE_ID: '3',
    GATEWAY_CLIENTS: '[]',
  };
  const digestOf = (env: Record<string, string>) =>
    auditStateDigestFor(loadGatewayConfig({ ...base, ...env }).squared).of(state('k'));

  it('derives the same key on every replica with the same credential, another with another', () => {
    const token = { SQUARED_API_TOKEN: 'sq-token-1' };
    const account = { SQUARED_EMAIL: 'svc@example.com', SQUARED_PASSWORD: 'pw-1' };
    expect(digestOf(token)).toBe(digestOf(token));
    expect(digestOf(account)).toBe(digestOf(account));
    expect(digestOf({ SQUARED_API_TOKEN: 'sq-token-2' })).not.toBe(digestOf(token));
    expect(digestOf({ ...account, SQUARED_PASSWORD: 'pw-2' })).not.toBe(digestOf(account));
    expect(digestOf({ ...account, SQUARED_EMAIL: 'other@example.com' })).not.toBe(
      digestOf(account),
    );
  });
});
