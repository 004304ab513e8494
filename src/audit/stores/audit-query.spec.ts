import { GatewayError } from '../../common/errors/gateway.error';
import { decodeCursor, encodeCursor, planQuery } from './audit-query';

describe('audit query planning', () => {
  it('round-trips cursors and refuses anything else', () => {
    expect(decodeCursor(encodeCursor(1234))).toBe(1234);
    for (const bad of [
      '',
      '!!',
      encodeCursor(0),
      'MDEy',
      Buffer.from('-3').toString('base64url'),
    ]) {
      expect(() => decodeCursor(bad)).toThrow(GatewayError);
    }
  });

  it('builds one condition per filter, bounds normalised to canonical UTC', () => {
    const plan = planQuery(
      {
        limit: 20,
        cursor: encodeCursor(99),
        syncId: 7,
        clientId: 'crm',
        outcome: 'applied',
        since: '2025-01-01T01:00:00+01:00',
        until: '2025-01-02',
      },
      (n) => `$${n}`,
    );
    expect(plan).toEqual({
      where:
        'WHERE seq < $1 AND sync_id = $2 AND client_id = $3 AND outcome = $4 AND at >= $5 AND at <= $6',
      params: [99, 7, 'crm', 'applied', '2025-01-01T00:00:00.000Z', '2025-01-02T00:00:00.000Z'],
      fetch: 21,
    });
    expect(planQuery({ limit: 1 }, () => '?')).toEqual({ where: '', params: [], fetch: 2 });
  });

  it('refuses a limit outside 1-500 and unparseable bounds', () => {
    for (const limit of [0, 501, 1.5, Number.NaN]) {
      expect(() => planQuery({ limit }, () => '?')).toThrow(GatewayError);
    }
    expect(() => planQuery({ limit: 1, until: 'soon' }, () => '?')).toThrow(
      'Invalid query parameter: until',
    );
  });
});
