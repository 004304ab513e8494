// Label values of the gateway's metrics: the features that report name them from these fixed sets.

/** What a call to Squared was for; anything unexpected is `other`, never its URL. */
export type UpstreamOperation = 'get_sync' | 'put_sync' | 'login' | 'other';

/** How a call to Squared ended, at the HTTP level (the gateway's own mapping comes later). */
export type UpstreamOutcome =
  | 'ok'
  | 'not_found'
  | 'unauthorized'
  | 'rate_limited'
  | 'rejected'
  | 'error'
  | 'timeout'
  | 'network';

/** Which quota refused a request (`rate_limited`). */
export type RateLimitLabel = 'client' | 'org';

/** Which audit write: the one-shot record (noop, rejected), the write-ahead record, its completion. */
export type AuditWrite = 'record' | 'write_ahead' | 'complete';
