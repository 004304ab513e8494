import { requestIdOfBinding } from './request-log-fields';

describe('requestIdOfBinding', () => {
  it('shows the id of the request pino-http binds', () => {
    expect(requestIdOfBinding({ id: 'req-1', headers: { authorization: 'Bearer x' } })).toBe(
      'req-1',
    );
  });

  it('keeps a request id a log call passes itself', () => {
    expect(requestIdOfBinding('req-2')).toBe('req-2');
    expect(requestIdOfBinding(undefined)).toBeUndefined();
  });
});
