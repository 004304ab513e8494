import type { SimulatorSeed, StoredConnector, StoredSync } from './simulator.types';

export const DEFAULT_WORKSPACE_ID = 3;
export const OTHER_WORKSPACE_ID = 4;

const SEEDED_AT = '2025-02-01T08:00:00.000Z';

function connector(
  fields: Pick<StoredConnector, 'id' | 'name' | 'connector_type' | 'connector_name' | 'icon'> &
    Partial<StoredConnector>,
): StoredConnector {
  return {
    description: null,
    workspace_id: DEFAULT_WORKSPACE_ID,
    created_at: SEEDED_AT,
    updated_at: SEEDED_AT,
    configuration: {},
    catalogStreams: null,
    ...fields,
  };
}

/** Sync 42's v2 mapping, as in squared-api.md section 3. */
export function exampleV2Configuration(): StoredSync['configuration'] {
  return [
    { from: 'email', to: 'email', mapping_type: 'standard' },
    { from: '{{ first_name | upcase }}', to: 'properties.first_name', mapping_type: 'template' },
  ];
}

function sync(fields: Pick<StoredSync, 'id'> & Partial<StoredSync>): StoredSync {
  return {
    workspace_id: DEFAULT_WORKSPACE_ID,
    source_id: 7,
    destination_id: 9,
    model_id: 11,
    configuration: exampleV2Configuration(),
    schedule_type: 'interval',
    sync_mode: 'full_refresh',
    sync_interval: 30,
    sync_interval_unit: 'minutes',
    cron_expression: null,
    stream_name: 'profile',
    status: 'healthy',
    cursor_field: null,
    current_cursor_field: null,
    created_at: '2025-03-01T08:00:00.000Z',
    updated_at: '2025-03-05T12:34:56.789Z',
    discarded_at: null,
    ...fields,
  };
}

/** A fresh copy of the default data: workspace 3 (syncs 42, 43, 44) and workspace 4 (sync 50). */
export function defaultSeed(): SimulatorSeed {
  return {
    workspaceIds: [DEFAULT_WORKSPACE_ID, OTHER_WORKSPACE_ID],
    connectors: [
      connector({
        id: 7,
        name: 'warehouse',
        connector_type: 'source',
        connector_name: 'Redshift',
        icon: 'redshift.svg',
        configuration: { host: 'warehouse.internal', password: 'warehouse-secret' },
      }),
      connector({
        id: 9,
        name: 'klaviyo prod',
        connector_type: 'destination',
        connector_name: 'Klaviyo',
        icon: 'klaviyo.svg',
        catalogStreams: ['profile', 'events'],
      }),
      connector({
        id: 10,
        name: 'webhook without catalog',
        connector_type: 'destination',
        connector_name: 'Http',
        icon: 'http.svg',
      }),
    ],
    models: [
      {
        id: 11,
        name: 'model1',
        description: null,
        query: 'SELECT * FROM locations',
        query_type: 'raw_sql',
        configuration: null,
        primary_key: 'id',
        created_at: SEEDED_AT,
        updated_at: SEEDED_AT,
        connector_id: 7,
      },
    ],
    syncs: [
      sync({ id: 42 }),
      sync({
        id: 43,
        schedule_type: 'cron_expression',
        sync_interval: null,
        sync_interval_unit: null,
        cron_expression: '0 0 */2 * *',
      }),
      sync({
        id: 44,
        schedule_type: 'manual',
        sync_interval: null,
        sync_interval_unit: null,
        configuration: { email: 'email' },
      }),
      sync({ id: 50, workspace_id: OTHER_WORKSPACE_ID }),
    ],
  };
}

/** Values for `createSync` when the caller gives none: a valid interval sync like 42. */
export function newSyncDefaults(id: number, workspaceId: number, nowIso: string): StoredSync {
  return sync({ id, workspace_id: workspaceId, created_at: nowIso, updated_at: nowIso });
}
