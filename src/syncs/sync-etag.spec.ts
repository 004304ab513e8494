import { WritableSync } from '../common/sync/sync.types';
import { parseIfMatch, syncEtag } from './sync-etag';
import { writableSyncOf } from '../common/sync/writable-sync';

const attributes = {
  source_id: 7,
  destination_id: 9,
  model_id: 11,
  configuration: [{ from: 'email', to: 'email', mapping_type: 'standard' }],
  schedule_type: 'interval',
  sync_mode: 'full_refresh',
  sync_interval: 30,
  sync_interval_unit: 'minutes',
  cron_expression: null,
  stream_name: 'profile',
  status: 'healthy',
  cursor_field: null,
  updated_at: '2025-03-05T12:34:56.789Z',
};

describe('writableSyncOf', () => {
  it('picks the ten writable fields', () => {
    expect(Object.keys(writableSyncOf(attributes)).sort()).toEqual(
      [
        'configuration',
        'cron_expression',
        'destination_id',
        'model_id',
        'schedule_type',
        'source_id',
        'stream_name',
        'sync_interval',
        'sync_interval_unit',
        'sync_mode',
      ].sort(),
    );
  });

  it('reads a missing field as null', () => {
    const withoutSyncMode: Partial<typeof attributes> = { ...attributes };
    delete withoutSyncMode.sync_mode;

    expect(writableSyncOf(withoutSyncMode).sync_mode).toBeNull();
  });
});

describe('syncEtag', () => {
  const etag = syncEtag(writableSyncOf(attributes));

  it('is a strong, quoted base64url SHA-256', () => {
    expect(etag).toMatch(/^"[A-Za-z0-9_-]{43}"$/);
  });

  it('does not depend on key order', () => {
    const reversed = Object.fromEntries(Object.entries(attributes).reverse());

    expect(syncEtag(writableSyncOf(reversed))).toBe(etag);
  });

  it('ignores status, updated_at and other read-only attributes', () => {
    const changed = { ...attributes, status: 'disabled', updated_at: '2026-01-01T00:00:00.000Z' };

    expect(syncEtag(writableSyncOf(changed))).toBe(etag);
    expect(syncEtag({ ...writableSyncOf(attributes), status: 'x' } as WritableSync)).toBe(etag);
  });

  it.each<[string, Partial<WritableSync>]>([
    ['sync_interval', { sync_interval: 31 }],
    ['sync_mode', { sync_mode: null }],
    ['configuration', { configuration: [{ from: 'email', to: 'mail', mapping_type: 'standard' }] }],
    ['stream_name', { stream_name: 'profiles' }],
  ])('changes when %s changes', (_field, change) => {
    expect(syncEtag({ ...writableSyncOf(attributes), ...change })).not.toBe(etag);
  });
});

describe('parseIfMatch', () => {
  it.each<[string, ReturnType<typeof parseIfMatch>]>([
    ['*', { any: true }],
    [' * ', { any: true }],
    ['"abc"', { tags: ['"abc"'] }],
    ['"a", "b"', { tags: ['"a"', '"b"'] }],
    ['"a","b" ,"c"', { tags: ['"a"', '"b"', '"c"'] }],
    [', "a",, "b",', { tags: ['"a"', '"b"'] }],
    ['W/"a", "b"', { tags: ['"b"'] }],
    ['W/"a"', { tags: [] }],
    ['""', { tags: ['""'] }],
    ['', { invalid: true }],
    [' , ', { invalid: true }],
    ['abc', { invalid: true }],
    ['"abc', { invalid: true }],
    ['"a" "b"', { invalid: true }],
    ['*, "a"', { invalid: true }],
    ['w/"a"', { invalid: true }],
    ['"a"b"', { invalid: true }],
  ])('parses %j', (header, expected) => {
    expect(parseIfMatch(header)).toEqual(expected);
  });

  it('yields tags comparable to syncEtag', () => {
    const etag = syncEtag(writableSyncOf(attributes));

    expect(parseIfMatch(`"other", ${etag}`)).toEqual({ tags: ['"other"', etag] });
  });
});
