import fc from 'fast-check';
import { BODY_LIMIT_BYTES } from '../src/http/body-parsers';
import { bearer, GatewayHarness, startGateway } from './support/gateway-harness';
import { oddPatchBody, OddJson, parserRefuses } from './support/odd-json';

/**
 * Arbitrary JSON (deep nesting, numbers a double cannot hold, prototype and odd keys) thrown at
 * PATCH /syncs/:id over HTTP: never a 5xx, always a problem document for a 4xx, nothing sent to Squared
 * for a body the parser refuses, and exactly one audit record for every attempt that read the sync.
 */
describe('PATCH /syncs/:id survives arbitrary JSON (property)', () => {
  let gw: GatewayHarness;

  beforeAll(async () => {
    gw = await startGateway();
  });
  afterAll(() => gw.close());

  const auditRecordsOf = async (requestId: string) => {
    const response = await gw.http
      .get(`/audit?limit=500`)
      .set(bearer(gw.clients.auditor))
      .expect(200);
    const records = (response.body as { data: { requestId: string }[] }).data;
    return records.filter((record) => record.requestId === requestId);
  };

  async function attempt(body: OddJson, mediaType: string): Promise<void> {
    gw.simulator.reset();
    const response = await gw.http
      .patch('/syncs/44')
      .set(bearer(gw.clients.writer))
      .set('Content-Type', mediaType)
      .send(body.text);
    expect(response.status).toBeLessThan(500);
    if (response.status >= 400) {
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.body).toMatchObject({ status: response.status, code: expect.any(String) });
    }
    const tooLarge = Buffer.byteLength(body.text) > BODY_LIMIT_BYTES;
    if (tooLarge || parserRefuses(body)) {
      expect(response.status).toBe(tooLarge ? 413 : 422);
      expect(gw.simulator.requests).toHaveLength(0);
    }
    const read = gw.simulator.requestsMatching('GET').length > 0;
    const records = await auditRecordsOf(response.headers['x-request-id']);
    expect(records).toHaveLength(read ? 1 : 0);
  }

  it('never answers 5xx, and refuses and audits as documented', async () => {
    await fc.assert(
      fc.asyncProperty(
        oddPatchBody,
        fc.constantFrom('application/json', 'application/merge-patch+json'),
        attempt,
      ),
      // Each run is two HTTP round trips; 150 runs cover every generator branch many times.
      { numRuns: 150 },
    );
  }, 120_000);
});
