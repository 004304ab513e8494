import canonicalize from 'canonicalize';
import fc from 'fast-check';
import { canonicalJson } from './canonical-json';

describe('canonicalJson', () => {
  it('writes what the canonicalize package writes, for any JSON value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(canonicalJson(value)).toBe(canonicalize(value));
      }),
      { numRuns: 500 },
    );
  });

  it('sorts keys by UTF-16 code units and uses ECMAScript number forms (RFC 8785 3.2.3)', () => {
    // The RFC's own sorting example: by code point, U+1F600 would come after U+FB33.
    const keys = ['\u20ac', '\r', '\ufb33', '1', '\ud83d\ude00', '\u0080', '\u00f6'];
    const value = { ...Object.fromEntries(keys.map((key) => [key, 0])), n: [1e21, 1e-7, -0, 0.1] };
    const sorted = ['\u0080', '\u00f6', '\u20ac', '\ud83d\ude00', '\ufb33'];
    expect(canonicalJson(value)).toBe(
      `{"\\r":0,"1":0,"n":[1e+21,1e-7,0,0.1],${sorted.map((key) => `"${key}":0`).join(',')}}`,
    );
  });

  it('leaves out undefined members and writes missing array slots as null', () => {
    expect(canonicalJson({ a: undefined, b: [undefined, 1], c: {} })).toBe('{"b":[null,1],"c":{}}');
    expect(canonicalJson({ a: undefined })).toBe(canonicalize({ a: undefined }));
    expect(canonicalJson(undefined)).toBeUndefined();
  });

  it('refuses a non-finite number, as canonicalize does', () => {
    expect(() => canonicalJson({ a: [Infinity] })).toThrow(TypeError);
  });

  it('hashes a value nested far deeper than recursion could go', () => {
    const depth = 200_000;
    const text = '['.repeat(depth) + '{"k":{}}' + ']'.repeat(depth);
    expect(canonicalJson(JSON.parse(text))).toBe(text);
    expect(() => canonicalize(JSON.parse(text))).toThrow(RangeError);
  });
});
