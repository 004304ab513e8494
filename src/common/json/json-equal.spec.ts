import { jsonEqual } from './json-equal';

describe('jsonEqual', () => {
  it.each([
    [1, 1, true],
    [1, '1', false],
    [null, null, true],
    [null, {}, false],
    [[1, { a: 2 }], [1, { a: 2 }], true],
    [[1, 2], [2, 1], false],
    [{ a: 1, b: [true] }, { b: [true], a: 1 }, true],
    [{ a: 1 }, { a: 1, b: undefined }, false],
    [{ a: null }, {}, false],
    [[], {}, false],
  ])('%j vs %j → %s', (a, b, expected) => {
    expect(jsonEqual(a as never, b as never)).toBe(expected);
  });

  it('ignores prototypes', () => {
    const bare = Object.assign(Object.create(null) as Record<string, number>, { a: 1 });
    expect(jsonEqual(bare, { a: 1 })).toBe(true);
  });
});
