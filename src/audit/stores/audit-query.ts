import { invalidQueryParameter } from '../../common/validation/query-parameter.error';
import { AuditRecord } from '../audit-record';
import { AuditPage, AuditQuery } from '../audit.store';

export const MAX_QUERY_LIMIT = 500;

/** A query as SQL: `where` (possibly empty) uses `placeholder(n)` for params[n - 1]. */
export interface QueryPlan {
  where: string;
  params: (string | number)[];
  /** One more row than the page size, to know whether there is a next page. */
  fetch: number;
}

export function encodeCursor(seq: number): string {
  return Buffer.from(String(seq), 'utf8').toString('base64url');
}

/** The `seq` a cursor stands for; anything that `encodeCursor` did not produce is refused. */
export function decodeCursor(cursor: string): number {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const seq = Number(text);
  if (
    !/^[1-9][0-9]{0,15}$/.test(text) ||
    !Number.isSafeInteger(seq) ||
    encodeCursor(seq) !== cursor
  ) {
    throw invalidQueryParameter('cursor', 'is not a nextCursor this gateway gave');
  }
  return seq;
}

/** `at` is stored as canonical `toISOString()` text, so bounds are normalised to compare as text. */
export function canonicalInstant(value: string): string | null {
  const time = Date.parse(value);
  return Number.isNaN(time) ? null : new Date(time).toISOString();
}

function bound(value: string, name: string): string {
  const instant = canonicalInstant(value);
  if (instant === null) {
    throw invalidQueryParameter(name, 'must be an ISO 8601 date-time');
  }
  return instant;
}

export function planQuery(query: AuditQuery, placeholder: (n: number) => string): QueryPlan {
  const { limit } = query;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_QUERY_LIMIT) {
    throw invalidQueryParameter('limit', `must be an integer from 1 to ${MAX_QUERY_LIMIT}`);
  }
  const conditions: string[] = [];
  const params: (string | number)[] = [];
  const add = (condition: string, value: string | number) => {
    params.push(value);
    conditions.push(`${condition} ${placeholder(params.length)}`);
  };
  if (query.cursor !== undefined) {
    add('seq <', decodeCursor(query.cursor));
  }
  if (query.syncId !== undefined) {
    add('sync_id =', query.syncId);
  }
  if (query.clientId !== undefined) {
    add('client_id =', query.clientId);
  }
  if (query.actor !== undefined) {
    add('actor_id =', query.actor);
  }
  if (query.outcome !== undefined) {
    add('outcome =', query.outcome);
  }
  if (query.since !== undefined) {
    add('at >=', bound(query.since, 'since'));
  }
  if (query.until !== undefined) {
    add('at <=', bound(query.until, 'until'));
  }
  const where = conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '';
  return { where, params, fetch: limit + 1 };
}

/** Rows fetched newest first (`fetch` = limit + 1) as a page. */
export function toPage(rows: { seq: number; record: AuditRecord }[], limit: number): AuditPage {
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  const nextCursor = rows.length > limit && last !== undefined ? encodeCursor(last.seq) : null;
  return { data: page.map((row) => row.record), nextCursor };
}
