import { isValidSquaredCron, squaredCronVerdict } from '../squared/squared-cron';
import {
  coerceInteger,
  hasKey,
  isFilled,
  isNullish,
  isPlainObject,
  type Params,
} from './simulator-params';
import type { ValidationErrors } from './simulator-responses';

/** Outcome of `SyncContracts::Update` (squared-api.md section 6.1). */
export type RequestRulesOutcome =
  | { kind: 'valid' }
  | { kind: 'invalid'; errors: ValidationErrors }
  /** The cron parser raised: a framework 500. */
  | { kind: 'crash' };

export const SCHEDULE_TYPES = ['manual', 'interval', 'cron_expression'];
export const SYNC_MODES = ['full_refresh', 'incremental'];
export const SYNC_INTERVAL_UNITS = ['minutes', 'hours', 'days', 'weeks'];

type FieldErrors = Record<string, string[]>;
type Check = (value: unknown) => string | undefined;

const filledInteger: Check = (value) => {
  if (isNullish(value)) {
    return 'must be filled';
  }
  return coerceInteger(value) === undefined ? 'must be an integer' : undefined;
};

const filledString: Check = (value) => {
  if (isNullish(value)) {
    return 'must be filled';
  }
  return typeof value === 'string' ? undefined : 'must be a string';
};

const maybeInteger: Check = (value) =>
  isNullish(value) || coerceInteger(value) !== undefined ? undefined : 'must be an integer';

const maybeString: Check = (value) =>
  isNullish(value) || typeof value === 'string' ? undefined : 'must be a string';

const filledAnything: Check = (value) => (isFilled(value) ? undefined : 'must be filled');

/** R3, R4, R7, R9: the type of each key, when present. */
const SCHEMA: Record<string, Check> = {
  source_id: filledInteger,
  destination_id: filledInteger,
  model_id: filledInteger,
  schedule_type: filledString,
  sync_mode: filledString,
  sync_interval: maybeInteger,
  sync_interval_unit: maybeString,
  cron_expression: maybeString,
  stream_name: filledString,
  configuration: filledAnything,
};

function oneOfLowercased(allowed: string[], message: string): Check {
  return (value) => (allowed.includes(String(value).toLowerCase()) ? undefined : message);
}

function whenScheduleIs(scheduleType: string, check: Check) {
  return (value: unknown, sync: Params) =>
    sync.schedule_type === scheduleType ? check(value) : undefined;
}

const positiveInterval: Check = (value) => {
  if (isNullish(value)) {
    return 'must be present';
  }
  return (coerceInteger(value) ?? 0) > 0 ? undefined : 'must be greater than 0';
};

const intervalUnit: Check = (value) =>
  isNullish(value)
    ? 'must be present'
    : oneOfLowercased(SYNC_INTERVAL_UNITS, 'invalid sync interval unit')(value);

const cronExpression: Check = (value) => {
  if (isNullish(value)) {
    return 'must be present';
  }
  return isValidSquaredCron(String(value)) ? undefined : 'invalid cron expression format';
};

/** R5, R6, R10 to R12: run only for keys present in the request that passed the schema. */
const RULES: Record<string, (value: unknown, sync: Params) => string | undefined> = {
  schedule_type: oneOfLowercased(SCHEDULE_TYPES, 'invalid schedule type'),
  sync_mode: oneOfLowercased(SYNC_MODES, 'invalid sync mode'),
  sync_interval: whenScheduleIs('interval', positiveInterval),
  sync_interval_unit: whenScheduleIs('interval', intervalUnit),
  cron_expression: whenScheduleIs('cron_expression', cronExpression),
};

function checkSyncFields(sync: Params): FieldErrors {
  const errors: FieldErrors = {};
  for (const [field, check] of Object.entries(SCHEMA)) {
    const message = hasKey(sync, field) ? check(sync[field]) : undefined;
    if (message) {
      errors[field] = [message];
    }
  }
  for (const [field, rule] of Object.entries(RULES)) {
    const message = hasKey(sync, field) && !errors[field] ? rule(sync[field], sync) : undefined;
    if (message) {
      errors[field] = [message];
    }
  }
  return errors;
}

function checkSyncParam(params: Params): string[] | FieldErrors | undefined {
  if (!hasKey(params, 'sync')) {
    return ['is missing'];
  }
  if (!isPlainObject(params.sync)) {
    return ['must be a hash'];
  }
  const fieldErrors = checkSyncFields(params.sync);
  return Object.keys(fieldErrors).length > 0 ? fieldErrors : undefined;
}

function crashesDuringRules(params: Params): boolean {
  const sync = params.sync;
  return (
    isPlainObject(sync) &&
    sync.schedule_type === 'cron_expression' &&
    typeof sync.cron_expression === 'string' &&
    squaredCronVerdict(sync.cron_expression) === 'crash'
  );
}

/** Section 6.1, for PUT/PATCH `/api/v1/syncs/:id` (R1 to R7, R9 to R12). */
export function checkUpdateRequest(rawId: string, params: Params): RequestRulesOutcome {
  if (crashesDuringRules(params)) {
    return { kind: 'crash' };
  }
  const errors: ValidationErrors = {};
  if (coerceInteger(rawId) === undefined) {
    errors.id = ['must be an integer'];
  }
  const syncErrors = checkSyncParam(params);
  if (syncErrors) {
    errors.sync = syncErrors;
  }
  return Object.keys(errors).length > 0 ? { kind: 'invalid', errors } : { kind: 'valid' };
}

/** R1 alone, for GET. */
export function checkShowRequest(rawId: string): RequestRulesOutcome {
  return coerceInteger(rawId) === undefined
    ? { kind: 'invalid', errors: { id: ['must be an integer'] } }
    : { kind: 'valid' };
}

const BOOLEAN_PARAMS = [true, false, 'true', 'false', '1', '0'];

/** R1 plus the `enable` flag, for PATCH `/api/v1/syncs/:id/enable`. */
export function checkEnableRequest(rawId: string, params: Params): RequestRulesOutcome {
  const errors: ValidationErrors = {};
  if (coerceInteger(rawId) === undefined) {
    errors.id = ['must be an integer'];
  }
  if (!hasKey(params, 'enable')) {
    errors.enable = ['is missing'];
  } else if (!BOOLEAN_PARAMS.includes(params.enable as string | boolean)) {
    errors.enable = ['must be boolean'];
  }
  return Object.keys(errors).length > 0 ? { kind: 'invalid', errors } : { kind: 'valid' };
}

export function isEnableTrue(value: unknown): boolean {
  return value === true || value === 'true' || value === '1';
}
