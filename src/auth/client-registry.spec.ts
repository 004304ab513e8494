import { generateClientKey, sha256Hex } from './client-keys';
import { ClientRegistry } from './client-registry';

describe('ClientRegistry', () => {
  const key = generateClientKey();
  const registry = new ClientRegistry([
    { id: 'a', keySha256: sha256Hex(generateClientKey()), scopes: ['syncs:read'] },
    { id: 'b', keySha256: sha256Hex(key), scopes: ['syncs:write'] },
  ]);

  it('finds the client owning a key', () => {
    expect(registry.authenticate(key)?.id).toBe('b');
  });

  it('finds nobody for an unknown key', () => {
    expect(registry.authenticate(`${key}x`)).toBeUndefined();
    expect(registry.authenticate('')).toBeUndefined();
  });

  it('makes keys with at least 32 bytes of entropy', () => {
    expect(Buffer.from(key.replace(/^sgw_/, ''), 'base64url')).toHaveLength(32);
    expect(generateClientKey()).not.toBe(key);
  });
});
