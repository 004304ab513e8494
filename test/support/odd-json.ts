import fc from 'fast-check';
import { MAX_JSON_DEPTH } from '../../src/http/json-body-rules';

/**
 * JSON text the gateway must survive, with what its parser must make of it. Generated as text, not
 * values, so that it can hold what `JSON.stringify` never writes (`1e400`, 30-digit integers).
 */
export interface OddJson {
  text: string;
  /** Nesting depth of objects and arrays (a scalar is 0). */
  depth: number;
  /** Holds a number the parser refuses: non-finite once parsed, or an integer past 2^53 - 1. */
  badNumber: boolean;
  /** Holds a `__proto__`, `constructor` or `prototype` key. */
  forbiddenKey: boolean;
}

const FORBIDDEN = new Set(['__proto__', 'constructor', 'prototype']);

/** Number literals at the edges of what a double carries, with whether the parser refuses them. */
const ODD_NUMBERS: [string, boolean][] = [
  ['1e400', true],
  ['-1e999', true],
  ['2e308', true],
  ['9007199254740993', true],
  ['-9007199254740992', true],
  ['123456789012345678901234567890', true],
  ['1E+308', true],
  ['9007199254740991', false],
  ['-0', false],
  ['1e-400', false],
  ['0.1', false],
  ['5e-324', false],
];

const scalar: fc.Arbitrary<OddJson> = fc.oneof(
  fc
    .constantFrom(...ODD_NUMBERS)
    .map(([text, badNumber]) => ({ text, depth: 0, badNumber, forbiddenKey: false })),
  fc
    .oneof(
      fc.boolean(),
      fc.constant(null),
      fc.integer(),
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      fc.string({ unit: 'binary' }),
    )
    .map((value) => ({
      text: JSON.stringify(value),
      depth: 0,
      // A huge double (1e300) is an integer too, beyond the safe range.
      badNumber:
        typeof value === 'number' && Number.isInteger(value) && !Number.isSafeInteger(value),
      forbiddenKey: false,
    })),
);

const key: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    ...FORBIDDEN,
    'sync',
    'configuration',
    'sync_interval',
    'email',
    'toString',
    'hasOwnProperty',
    '',
    'a.b',
    '0',
    '\u0000',
  ),
  fc.string({ unit: 'binary', maxLength: 12 }),
);

function arrayOf(items: OddJson[]): OddJson {
  return {
    text: `[${items.map((item) => item.text).join(',')}]`,
    depth: 1 + Math.max(0, ...items.map((item) => item.depth)),
    badNumber: items.some((item) => item.badNumber),
    forbiddenKey: items.some((item) => item.forbiddenKey),
  };
}

/** Keys are unique: with a duplicate, `JSON.parse` keeps the last value and the flags would lie. */
function objectOf(members: [string, OddJson][]): OddJson {
  const values = members.map(([, value]) => value);
  return {
    text: `{${members.map(([name, value]) => `${JSON.stringify(name)}:${value.text}`).join(',')}}`,
    depth: 1 + Math.max(0, ...values.map((value) => value.depth)),
    badNumber: values.some((value) => value.badNumber),
    forbiddenKey: members.some(([name, value]) => FORBIDDEN.has(name) || value.forbiddenKey),
  };
}

const members = (value: fc.Arbitrary<OddJson>) =>
  fc.uniqueArray(fc.tuple(key, value), { maxLength: 4, selector: ([name]) => name });

/** A small tree of odd scalars, keys and containers. */
export const oddTree: fc.Arbitrary<OddJson> = fc.letrec<{ tree: OddJson }>((tie) => ({
  tree: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    scalar,
    fc.array(tie('tree'), { maxLength: 4 }).map(arrayOf),
    members(tie('tree')).map(objectOf),
  ),
})).tree;

/** `inner` wrapped in `levels` arrays or single-member objects. */
function wrapped(inner: OddJson, levels: number, inArrays: boolean): OddJson {
  const open = inArrays ? '[' : '{"a":';
  const close = inArrays ? ']' : '}';
  return {
    ...inner,
    text: open.repeat(levels) + inner.text + close.repeat(levels),
    depth: inner.depth + levels,
  };
}

/** Nesting around the limit, and far beyond it (3,000 levels is still well inside 64 KiB). */
export const deepTree: fc.Arbitrary<OddJson> = fc
  .tuple(
    oddTree,
    fc.oneof(
      fc.integer({ min: MAX_JSON_DEPTH - 8, max: MAX_JSON_DEPTH + 2 }),
      fc.integer({ min: 1, max: 3000 }),
    ),
    fc.boolean(),
  )
  .map(([inner, levels, inArrays]) => wrapped(inner, levels, inArrays));

/** A PATCH body: mostly `{"sync": {...}}` with writable and odd keys, sometimes anything at all. */
const patchOfConfiguration = (configuration: OddJson) =>
  objectOf([['sync', objectOf([['configuration', configuration]])]]);

export const oddPatchBody: fc.Arbitrary<OddJson> = fc.oneof(
  fc.oneof(oddTree, deepTree).map(patchOfConfiguration),
  // A v1 map of odd keys and scalars: often valid, so that attempts reach the merge and the audit.
  members(scalar).map((entries) => patchOfConfiguration(objectOf(entries))),
  members(fc.oneof(oddTree, deepTree)).map((fields) => objectOf([['sync', objectOf(fields)]])),
  fc.oneof(oddTree, deepTree),
);

/** What the body parser must refuse (README, "Errors"): the oracle the property checks against. */
export function parserRefuses(body: OddJson): boolean {
  return body.depth > MAX_JSON_DEPTH || body.badNumber || body.forbiddenKey;
}
