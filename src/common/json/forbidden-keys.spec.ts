import { findForbiddenKey } from './forbidden-keys';

describe('findForbiddenKey', () => {
  it.each([
    ['{"sync":{"__proto__":{"polluted":true}}}', 'sync.__proto__'],
    ['{"constructor":{"prototype":{}}}', 'constructor'],
    ['{"sync":{"configuration":[{"from":"a"},{"prototype":1}]}}', 'sync.configuration.1.prototype'],
    ['[[{"a":{"__proto__":null}}]]', '0.0.a.__proto__'],
    ['{"a":{"b":{"constructor":1}},"c":{"__proto__":1}}', 'a.b.constructor'],
  ])('finds the forbidden key in %s', (json, expected) => {
    expect(findForbiddenKey(JSON.parse(json))).toBe(expected);
  });

  it('prefixes the given path', () => {
    expect(findForbiddenKey(JSON.parse('{"__proto__":1}'), 'sync')).toBe('sync.__proto__');
  });

  it.each([
    '{"sync":{"stream_name":"constructor","configuration":{"email":"prototype"}}}',
    '{"sync":{"configuration":[{"from":"__proto__","to":"x"}]}}',
    '"__proto__"',
    'null',
    '42',
  ])('accepts %s (forbidden words only as values)', (json) => {
    expect(findForbiddenKey(JSON.parse(json))).toBeUndefined();
  });

  it('handles very deep nesting without overflowing the stack', () => {
    const depth = 50_000;
    const json = '['.repeat(depth) + '{"__proto__":1}' + ']'.repeat(depth);
    expect(findForbiddenKey(JSON.parse(json))).toMatch(/\.__proto__$/);
  });
});
