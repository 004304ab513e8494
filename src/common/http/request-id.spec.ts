import type { IncomingMessage } from 'node:http';
import { requestIdOf } from './request-id';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const idOf = (header?: string) =>
  requestIdOf({
    headers: header === undefined ? {} : { 'x-request-id': header },
  } as IncomingMessage);

describe('requestIdOf', () => {
  it("keeps the caller's well-formed id", () => {
    expect(idOf('batch-7.run:42')).toBe('batch-7.run:42');
  });

  it.each([
    ['none', undefined],
    ['too long', 'a'.repeat(129)],
    ['a space', 'a b'],
  ])('makes a new one for %s', (_what, header) => {
    expect(idOf(header)).toMatch(UUID);
  });

  it.each([
    ['a JWT', 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl'],
    ['a gateway key', 'sgw_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789abcdefg'],
    ['a short gateway key', 'sgw_abc'],
  ])('never echoes %s, which the syntax would admit', (_what, header) => {
    expect(idOf(header)).toMatch(UUID);
  });
});
