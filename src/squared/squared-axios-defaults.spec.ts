import axios, { AxiosHeaders, type InternalAxiosRequestConfig } from 'axios';
import { withoutAxiosDefaults } from './squared-axios-defaults';

describe('withoutAxiosDefaults', () => {
  it('leaves only the headers a call sets, and the call still goes through', async () => {
    const sent: Record<string, unknown>[] = [];
    const instance = axios.create({
      baseURL: 'http://squared.test',
      transformRequest: [], // as SquaredModule configures it
      adapter: (config: InternalAxiosRequestConfig) => {
        sent.push(config.headers.toJSON());
        return Promise.resolve({ data: '', status: 200, statusText: '', headers: {}, config });
      },
    });
    await instance.get('/api/v1/syncs/1');
    expect(sent[0]).toMatchObject({ Accept: expect.stringContaining('application/json') as never });

    withoutAxiosDefaults(instance);
    const answer = await instance.get('/api/v1/syncs/1', {
      headers: new AxiosHeaders({ 'X-Request-Id': 'r1' }),
    });
    expect(answer.status).toBe(200);
    expect(sent[1]).toEqual({ 'X-Request-Id': 'r1' });
  });
});
