import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { developmentKeyFile, readOrCreateDevelopmentKey } from './development-key';

describe('development key file', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'dev-key-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('lives beside a SQLite audit file, and nowhere for PostgreSQL', () => {
    expect(developmentKeyFile(`sqlite:${join(dir, 'audit.db')}`)).toBe(
      join(dir, 'development-key'),
    );
    expect(developmentKeyFile('postgres://u@h/db')).toBeUndefined();
  });

  it('creates a key readable by its owner only, then keeps it', () => {
    const file = join(dir, 'data', 'development-key');
    const first = readOrCreateDevelopmentKey(file);
    expect(first.created).toBe(true);
    expect(first.key).toMatch(/^sgw_[A-Za-z0-9_-]{43}$/);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readOrCreateDevelopmentKey(file)).toEqual({ key: first.key, created: false });
  });

  it('replaces a file that does not hold a key', () => {
    const file = join(dir, 'development-key');
    writeFileSync(file, 'not a key\n', { mode: 0o644 });
    const replaced = readOrCreateDevelopmentKey(file);
    expect(replaced.created).toBe(true);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readOrCreateDevelopmentKey(file).key).toBe(replaced.key);
  });
});
