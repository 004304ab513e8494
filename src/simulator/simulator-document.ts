import type { JsonObject, JsonValue } from '../common/json/json-value';
import type { SquaredSyncDocument } from '../common/sync/sync.types';
import type { SimulatorState } from './simulator-state';
import type { StoredConnector, StoredModel, StoredSync } from './simulator.types';

const SECRET_MASK = '*************';
const SECRET_KEYS = /password|secret|token|api_key|private_key|credentials/i;

function maskSecrets(configuration: JsonObject): JsonObject {
  return Object.fromEntries(
    Object.entries(configuration).map(([key, value]) => [
      key,
      SECRET_KEYS.test(key) ? SECRET_MASK : value,
    ]),
  );
}

function connectorSummary(connector: StoredConnector | undefined): JsonValue {
  if (!connector) {
    return null;
  }
  return {
    id: connector.id,
    name: connector.name,
    description: connector.description,
    connector_type: connector.connector_type,
    workspace_id: connector.workspace_id,
    created_at: connector.created_at,
    updated_at: connector.updated_at,
    connector_name: connector.connector_name,
    icon: connector.icon,
  };
}

function modelConnector(connector: StoredConnector | undefined): JsonValue {
  if (!connector) {
    return null;
  }
  return {
    id: connector.id,
    name: connector.name,
    connector_type: connector.connector_type,
    workspace_id: connector.workspace_id,
    configuration: maskSecrets(connector.configuration),
    connector_name: connector.connector_name,
    icon: connector.icon,
  };
}

function modelSummary(model: StoredModel | undefined, state: SimulatorState): JsonValue {
  if (!model) {
    return null;
  }
  return {
    id: model.id,
    name: model.name,
    description: model.description,
    query: model.query,
    query_type: model.query_type,
    configuration: model.configuration,
    primary_key: model.primary_key,
    created_at: model.created_at,
    updated_at: model.updated_at,
    connector: modelConnector(state.connector(model.connector_id)),
  };
}

/** `SyncSerializer` output (squared-api.md section 3), keys in emitted order. */
export function syncDocument(sync: StoredSync, state: SimulatorState): SquaredSyncDocument {
  const attributes = {
    source_id: sync.source_id,
    destination_id: sync.destination_id,
    model_id: sync.model_id,
    configuration: structuredClone(sync.configuration),
    schedule_type: sync.schedule_type,
    sync_mode: sync.sync_mode,
    sync_interval: sync.sync_interval,
    sync_interval_unit: sync.sync_interval_unit,
    cron_expression: sync.cron_expression,
    stream_name: sync.stream_name,
    status: sync.status,
    cursor_field: sync.cursor_field,
    current_cursor_field: sync.current_cursor_field,
    updated_at: sync.updated_at,
    created_at: sync.created_at,
    source: connectorSummary(state.connector(sync.source_id)),
    destination: connectorSummary(state.connector(sync.destination_id)),
    model: modelSummary(state.model(sync.model_id), state),
  };
  return {
    data: {
      id: String(sync.id),
      type: 'syncs',
      attributes: attributes as SquaredSyncDocument['data']['attributes'],
    },
  };
}
