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

/** A query checked and normalised: what the SQL plan and the in-memory store both select by. */
export interface QueryFilter extends Omit<AuditQuery, 'cursor'> {
  /** Only records with a `seq` below this one (the cursor's). */
  beforeSeq?: number;
}

/** @throws {GatewayError} `validation_failed` for a bad limit, cursor or bound, in that order. */
export function checkQuery(query: AuditQuery): QueryFilter {
  const { limit, cursor, ...filter } = query;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_QUERY_LIMIT) {
    throw invalidQueryParameter('limit', `must be an integer from 1 to ${MAX_QUERY_LIMIT}`);
  }
  return {
    ...filter,
    limit,
    beforeSeq: cursor === undefined ? undefined : decodeCursor(cursor),
    since: query.since === undefined ? undefined : bound(query.since, 'since'),
    until: query.until === undefined ? undefined : bound(query.until, 'until'),
  };
}

export function planQuery(query: AuditQuery, placeholder: (n: number) => string): QueryPlan {
  const filter = checkQuery(query);
  const conditions: string[] = [];
  const params: (string | number)[] = [];
  const add = (condition: string, value: string | number | undefined) => {
    if (value === undefined) {
      return;
    }
    params.push(value);
    conditions.push(`${condition} ${placeholder(params.length)}`);
  };
  add('seq <', filter.beforeSeq);
  add('sync_id =', filter.syncId);
  add('client_id =', filter.clientId);
  add('actor_id =', filter.actor);
  add('outcome =', filter.outcome);
  add('at >=', filter.since);
  add('at <=', filter.until);
  const where = conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '';
  return { where, params, fetch: filter.limit + 1 };
}

/** Rows fetched newest first (`fetch` = limit + 1) as a page. */
export function toPage(rows: { seq: number; record: AuditRecord }[], limit: number): AuditPage {
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  const nextCursor = rows.length > limit && last !== undefined ? encodeCursor(last.seq) : null;
  return { data: page.map((row) => row.record), nextCursor };
}
