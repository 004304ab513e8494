import { parseRateLimit } from 'ratelimit-header-parser';
import { parseItem, parseList } from 'structured-headers';
import type { Response } from 'supertest';
import { expectProblem } from './support/factories';
import { LimitedGateway, startLimitedGateway } from './support/rate-limit-gateways';

/**
 * `RATE_LIMIT_HEADERS`: each draft revision of the IETF ratelimit-headers, read back by third-party
 * parsers (`structured-headers` for draft 8's RFC 9651 structured fields, `ratelimit-header-parser`,
 * express-rate-limit's own reader, for drafts 6 and 7), never by the gateway's own code.
 * Quotas: client 3 per 60 s, org 4 per 30 s. Client `a` uses its 3 (its own quota is the tightest),
 * then `b` takes the org's last request and is refused by the org quota.
 */
const ENV = {
  RATE_LIMIT_CLIENT_LIMIT: '3',
  RATE_LIMIT_CLIENT_TTL_MS: '60000',
  RATE_LIMIT_ORG_LIMIT: '4',
  RATE_LIMIT_ORG_TTL_MS: '30000',
};

/** The answers of the scenario above, in order. */
async function scenario(gw: LimitedGateway): Promise<Record<string, Response>> {
  const { a, b } = gw.callers;
  const admitted = [await gw.get(a), await gw.get(a), await gw.get(a)];
  const clientRefused = await gw.get(a); // refused by the guard
  const clientRefusedAgain = await gw.get(a); // refused by the fast path
  const orgLast = await gw.get(b);
  const orgRefused = await gw.get(b);
  expect(admitted.map((r) => r.status)).toEqual([200, 200, 200]);
  expectProblem(clientRefused, 429, 'rate_limited');
  expectProblem(clientRefusedAgain, 429, 'rate_limited');
  expect(orgLast.status).toBe(200);
  expectProblem(orgRefused, 429, 'rate_limited');
  expect(orgRefused.body.limit).toBe('org');
  return {
    first: admitted[0],
    last: admitted[2],
    clientRefused,
    clientRefusedAgain,
    orgLast,
    orgRefused,
  };
}

const secondsUntil = (date: Date | undefined) => ((date?.getTime() ?? NaN) - Date.now()) / 1000;
const headerNames = (response: Response) =>
  Object.keys(response.headers).filter((name) => name.startsWith('ratelimit'));

describe.each([
  { setting: 'unset', env: ENV },
  { setting: 'draft-8', env: { ...ENV, RATE_LIMIT_HEADERS: 'draft-8' } },
])('RATE_LIMIT_HEADERS $setting: draft 8 structured fields (the default)', ({ env }) => {
  let gw: LimitedGateway;
  beforeAll(async () => {
    gw = await startLimitedGateway(env);
  });
  afterAll(() => gw.close());

  /** `[[name, {param: value}]]` of a structured-field list. */
  const list = (value: string): [unknown, Record<string, number>][] =>
    parseList(value).map(([name, params]) => [
      name as unknown,
      Object.fromEntries(params) as Record<string, number>,
    ]);

  it('names every quota in RateLimit-Policy and each one counted in RateLimit', async () => {
    const answers = await scenario(gw);
    for (const response of Object.values(answers)) {
      expect(headerNames(response).sort()).toEqual(['ratelimit', 'ratelimit-policy']);
      expect(list(response.headers['ratelimit-policy'])).toEqual([
        ['client', { q: 3, w: 60 }],
        ['org', { q: 4, w: 30 }],
      ]);
    }
    const state = (response: Response) => list(response.headers.ratelimit);
    expect(state(answers.first)).toEqual([
      ['client', { r: 2, t: expect.any(Number) }],
      ['org', { r: 3, t: expect.any(Number) }],
    ]);
    // Refused by its own quota: the org quota was not counted.
    for (const refused of [answers.clientRefused, answers.clientRefusedAgain]) {
      expect(state(refused)).toEqual([['client', { r: 0, t: expect.any(Number) }]]);
    }
    expect(state(answers.orgRefused)).toEqual([
      ['client', { r: 1, t: expect.any(Number) }],
      ['org', { r: 0, t: expect.any(Number) }],
    ]);
    const [, orgParams] = state(answers.orgRefused)[1];
    expect(orgParams.t).toBeGreaterThan(0);
    expect(orgParams.t).toBeLessThanOrEqual(30);
  });
});

describe('RATE_LIMIT_HEADERS=draft-7: combined RateLimit for the tightest quota', () => {
  let gw: LimitedGateway;
  beforeAll(async () => {
    gw = await startLimitedGateway({ ...ENV, RATE_LIMIT_HEADERS: 'draft-7' });
  });
  afterAll(() => gw.close());

  it('states limit, remaining and reset of the quota closest to refusing', async () => {
    const answers = await scenario(gw);
    const expected = {
      first: ['3;w=60', 3, 2, 60],
      last: ['3;w=60', 3, 0, 60],
      clientRefused: ['3;w=60', 3, 0, 60],
      clientRefusedAgain: ['3;w=60', 3, 0, 60],
      orgLast: ['4;w=30', 4, 0, 30],
      orgRefused: ['4;w=30', 4, 0, 30],
    } as const;
    for (const [name, [policy, limit, remaining, window]] of Object.entries(expected)) {
      const response = answers[name];
      expect(headerNames(response).sort()).toEqual(['ratelimit', 'ratelimit-policy']);
      expect(response.headers['ratelimit-policy']).toBe(policy);
      const [quota, params] = parseItem(response.headers['ratelimit-policy']);
      expect([quota, params.get('w')]).toEqual([limit, window]);
      const parsed = parseRateLimit(response.headers, { reset: 'seconds' });
      expect(parsed).toMatchObject({ limit, remaining, used: limit - remaining });
      expect(secondsUntil(parsed?.reset)).toBeGreaterThan(0);
      expect(secondsUntil(parsed?.reset)).toBeLessThanOrEqual(window + 1);
    }
  });
});

describe('RATE_LIMIT_HEADERS=draft-6: RateLimit-Limit, -Remaining, -Reset for the tightest quota', () => {
  let gw: LimitedGateway;
  beforeAll(async () => {
    gw = await startLimitedGateway({ ...ENV, RATE_LIMIT_HEADERS: 'draft-6' });
  });
  afterAll(() => gw.close());

  it('states each value in its own header', async () => {
    const answers = await scenario(gw);
    const expected = {
      first: ['3;w=60', 3, 2, 60],
      clientRefused: ['3;w=60', 3, 0, 60],
      clientRefusedAgain: ['3;w=60', 3, 0, 60],
      orgRefused: ['4;w=30', 4, 0, 30],
    } as const;
    for (const [name, [policy, limit, remaining, window]] of Object.entries(expected)) {
      const response = answers[name];
      expect(headerNames(response).sort()).toEqual([
        'ratelimit-limit',
        'ratelimit-policy',
        'ratelimit-remaining',
        'ratelimit-reset',
      ]);
      expect(response.headers['ratelimit-policy']).toBe(policy);
      const parsed = parseRateLimit(response.headers, { reset: 'seconds' });
      expect(parsed).toMatchObject({ limit, remaining, used: limit - remaining });
      expect(secondsUntil(parsed?.reset)).toBeGreaterThan(0);
      expect(secondsUntil(parsed?.reset)).toBeLessThanOrEqual(window + 1);
    }
  });
});
