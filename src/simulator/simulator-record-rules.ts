import { isBlankConfiguration } from './simulator-configuration';
import type { SimulatorState } from './simulator-state';
import type { StoredSync } from './simulator.types';

const INT32_MAX = 2147483647;
const INT32_MIN = -2147483648;

type RecordCheck = (sync: StoredSync, state: SimulatorState) => string | undefined;

function isBlank(value: unknown): boolean {
  return (
    value === null || value === undefined || (typeof value === 'string' && value.trim() === '')
  );
}

function streamNameError(sync: StoredSync, state: SimulatorState): string | undefined {
  const streams = state.connector(sync.destination_id)?.catalogStreams;
  if (streams === undefined || streams === null || streams.includes(sync.stream_name)) {
    return undefined;
  }
  return 'Add a valid stream_name associated with destination connector';
}

function intervalError(sync: StoredSync): string | undefined {
  if (sync.schedule_type !== 'interval') {
    return undefined;
  }
  if (isBlank(sync.sync_interval)) {
    return "can't be blank";
  }
  return Number(sync.sync_interval) > 0 ? undefined : 'must be greater than 0';
}

/** Section 6.2, in the order the model reports them; the first message per key wins. */
const RECORD_CHECKS: [string, RecordCheck][] = [
  ['source', (sync, state) => (state.connector(sync.source_id) ? undefined : 'must exist')],
  [
    'destination',
    (sync, state) => (state.connector(sync.destination_id) ? undefined : 'must exist'),
  ],
  ['model', (sync, state) => (state.model(sync.model_id) ? undefined : 'must exist')],
  [
    'configuration',
    (sync) => (isBlankConfiguration(sync.configuration) ? "can't be blank" : undefined),
  ],
  ['sync_interval', intervalError],
  [
    'sync_interval_unit',
    (sync) =>
      sync.schedule_type === 'interval' && isBlank(sync.sync_interval_unit)
        ? "can't be blank"
        : undefined,
  ],
  [
    'cron_expression',
    (sync) =>
      sync.schedule_type === 'cron_expression' && isBlank(sync.cron_expression)
        ? "can't be blank"
        : undefined,
  ],
  [
    'catalog',
    (sync, state) =>
      state.connector(sync.destination_id)?.catalogStreams === null
        ? 'Catalog is missing'
        : undefined,
  ],
  ['stream_name', streamNameError],
];

/** The `source` object of a 422 "Sync update failed", or undefined when the record is valid. */
export function recordErrors(
  sync: StoredSync,
  state: SimulatorState,
): Record<string, string> | undefined {
  const errors: Record<string, string> = {};
  for (const [key, check] of RECORD_CHECKS) {
    const message = check(sync, state);
    if (message) {
      errors[key] = message;
    }
  }
  return Object.keys(errors).length > 0 ? errors : undefined;
}

/** Saving a value outside the 32-bit integer column raises; the handler answers 400. */
export function integerOverflow(sync: StoredSync): string | undefined {
  const value = sync.sync_interval;
  if (value === null || (value <= INT32_MAX && value >= INT32_MIN)) {
    return undefined;
  }
  return `${value} is out of range for ActiveModel::Type::Integer with limit 4 bytes`;
}
