import type { Pool } from 'undici';

export interface Target {
  url: string;
  /** `patch`: PATCH /syncs/:id (gateway or proxy); `direct`: GET then PUT on the upstream itself. */
  kind: 'patch' | 'direct';
  key?: string;
  /** X-Request-Id prefix, so that the stand-in can attribute upstream calls. */
  prefix: string;
  /** Requests go round-robin over sync ids 1..syncIds (the gateway serialises PATCHes of one sync). */
  syncIds: number;
}

let sequence = 0;

/**
 * One operation against `target`, as a function: a PATCH through the gateway or a proxy, or (`direct`)
 * the GET and PUT a caller would otherwise make on the upstream. Answers the final status.
 */
export function operation(target: Target, pool: Pool): () => Promise<number> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (target.key) {
    headers.authorization = `Bearer ${target.key}`;
  }
  return async () => {
    sequence += 1;
    const path = `${target.kind === 'direct' ? '/api/v1' : ''}/syncs/${1 + (sequence % target.syncIds)}`;
    const sync = { sync_interval: sequence % 2 ? 31 : 32 };
    const requestHeaders = { ...headers, 'x-request-id': `${target.prefix}-${sequence}` };
    if (target.kind === 'patch') {
      const body = JSON.stringify({ sync });
      const answer = await pool.request({ method: 'PATCH', path, headers: requestHeaders, body });
      await answer.body.text();
      return answer.statusCode;
    }
    const current = await pool.request({ method: 'GET', path, headers: requestHeaders });
    const document = (await current.body.json()) as { data: { attributes: object } };
    const body = JSON.stringify({ sync: { ...document.data.attributes, ...sync } });
    const answer = await pool.request({ method: 'PUT', path, headers: requestHeaders, body });
    await answer.body.text();
    return answer.statusCode;
  };
}
