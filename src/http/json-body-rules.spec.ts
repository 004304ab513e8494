import { findJsonBodyViolation, MAX_JSON_DEPTH } from './json-body-rules';

const nested = (depth: number, leaf = '1') => '{"a":'.repeat(depth) + leaf + '}'.repeat(depth);
const check = (json: string) => findJsonBodyViolation(JSON.parse(json));

describe('findJsonBodyViolation', () => {
  it.each([
    '{"sync":{"configuration":[{"from":"a","to":"b","embedding_config":{"model":"m"}}]}}',
    '{"sync":{"sync_interval":9007199254740991,"stream_name":"constructor"}}',
    '{"x":-9007199254740991,"y":1.5e-300,"v":123.456,"z":-0.1,"w":1e-400}',
    '"__proto__"',
    'null',
  ])('accepts %s', (json) => {
    expect(check(json)).toBeUndefined();
  });

  it(`accepts ${MAX_JSON_DEPTH} levels and refuses ${MAX_JSON_DEPTH + 1}, naming the path`, () => {
    expect(check(nested(MAX_JSON_DEPTH - 1, '[]'))).toBeUndefined();
    expect(check(nested(MAX_JSON_DEPTH, '[]'))).toEqual({
      detail: `The body nests deeper than ${MAX_JSON_DEPTH} levels`,
      error: {
        field: Array<string>(MAX_JSON_DEPTH).fill('a').join('.'),
        message: `nests deeper than ${MAX_JSON_DEPTH} levels`,
      },
    });
  });

  it('walks arrays too, and names their indices', () => {
    const depth = MAX_JSON_DEPTH + 1;
    const json = `{"sync":{"configuration":[{},${'['.repeat(depth)}${']'.repeat(depth)}]}}`;
    expect(check(json)?.error.field).toBe(
      ['sync', 'configuration', '1', ...Array<string>(depth - 4).fill('0')].join('.'),
    );
  });

  it('walks a body as deep as 64 KiB allows without overflowing the stack', () => {
    const depth = 32 * 1024;
    expect(check('['.repeat(depth) + ']'.repeat(depth))?.error.message).toMatch(/nests deeper/);
  });

  it.each([
    ['{"sync":{"configuration":{"a":1e400}}}', 'sync.configuration.a', 'is not a finite number'],
    ['{"sync":{"configuration":[{"n":-1e999}]}}', 'sync.configuration.0.n', 'is not a finite'],
    ['{"sync":{"sync_interval":9007199254740993}}', 'sync.sync_interval', 'lose precision'],
    ['{"sync":{"configuration":{"a":-1e300}}}', 'sync.configuration.a', 'lose precision'],
    ['[9007199254740992]', '0', 'lose precision'],
  ])('refuses the number in %s', (json, field, message) => {
    expect(check(json)?.error).toEqual({ field, message: expect.stringContaining(message) });
  });

  it.each([
    ['{"sync":{"__proto__":{"polluted":true}}}', 'sync.__proto__'],
    ['{"sync":{"configuration":[{"from":"a"},{"prototype":1}]}}', 'sync.configuration.1.prototype'],
    ['{"constructor":1}', 'constructor'],
  ])('refuses the prototype key in %s', (json, field) => {
    expect(check(json)).toEqual({
      detail: 'The body contains a forbidden key',
      error: { field, message: 'is a forbidden key' },
    });
  });

  it('reports the first violation in document order', () => {
    expect(check('{"a":{"b":1e400},"c":{"__proto__":1}}')?.error.field).toBe('a.b');
    expect(check('{"c":{"__proto__":1},"a":{"b":1e400}}')?.error.field).toBe('c.__proto__');
  });
});
