import { assignSyncParams } from './simulator-assignment';
import { canUpdateSyncs, isWorkspaceMember, type SimulatorAuth } from './simulator-auth';
import { syncDocument } from './simulator-document';
import { isPlainObject, type Params } from './simulator-params';
import { integerOverflow, recordErrors } from './simulator-record-rules';
import {
  checkEnableRequest,
  checkShowRequest,
  checkUpdateRequest,
  isEnableTrue,
  type RequestRulesOutcome,
} from './simulator-request-rules';
import {
  badRequest,
  forbidden,
  frameworkError,
  ok,
  singleError,
  syncNotFound,
  syncUpdateFailed,
  unauthorized,
  validationFailed,
  type SimResponse,
} from './simulator-responses';
import type { SimulatorState } from './simulator-state';
import type { StoredSync } from './simulator.types';

export interface SyncRequest {
  rawId: string;
  headers: Record<string, string>;
  params: Params;
}

export interface HandlerContext {
  state: SimulatorState;
  auth: SimulatorAuth;
}

type Permission = 'read' | 'update';

function workspaceIdOf(header: string | undefined): number | undefined {
  return header !== undefined && /^\d+$/.test(header.trim()) ? Number(header.trim()) : undefined;
}

/**
 * The shared prefix of every sync call (squared-api.md 6.3): 401 token, 400 request rules,
 * 400 workspace, 404 lookup, 403 permission.
 */
function loadSync(
  context: HandlerContext,
  request: SyncRequest,
  checkRules: () => RequestRulesOutcome,
  permission: Permission,
): StoredSync | SimResponse {
  const principal = context.auth.authenticate(request.headers.authorization);
  if (!principal) {
    return unauthorized();
  }
  const rules = checkRules();
  if (rules.kind === 'crash') {
    return frameworkError(500);
  }
  if (rules.kind === 'invalid') {
    return validationFailed(rules.errors);
  }
  const workspaceId = workspaceIdOf(request.headers['workspace-id']);
  if (
    workspaceId === undefined ||
    !context.state.workspaceExists(workspaceId) ||
    !isWorkspaceMember(principal, workspaceId)
  ) {
    return badRequest('Workspace not found');
  }
  const sync = context.state.findSyncInWorkspace(workspaceId, Number(request.rawId));
  if (!sync) {
    return syncNotFound(request.rawId);
  }
  return permission === 'update' && !canUpdateSyncs(principal) ? forbidden() : sync;
}

function isResponse(value: StoredSync | SimResponse): value is SimResponse {
  return 'status' in value && 'body' in value;
}

export function showSync(context: HandlerContext, request: SyncRequest): SimResponse {
  const sync = loadSync(context, request, () => checkShowRequest(request.rawId), 'read');
  return isResponse(sync) ? sync : ok(syncDocument(sync, context.state));
}

export function updateSync(context: HandlerContext, request: SyncRequest): SimResponse {
  const check = () => checkUpdateRequest(request.rawId, request.params);
  const sync = loadSync(context, request, check, 'update');
  if (isResponse(sync)) {
    return sync;
  }
  const requested = request.params.sync;
  if (!isPlainObject(requested) || Object.keys(requested).length === 0) {
    return singleError(422, 'param is missing or the value is empty: sync');
  }
  const assignment = assignSyncParams(requested);
  if (assignment.kind === 'invalid-enum') {
    return badRequest(assignment.message);
  }
  const merged = { ...sync, ...assignment.changes };
  const errors = recordErrors(merged, context.state);
  if (errors) {
    return syncUpdateFailed(errors);
  }
  const overflow = integerOverflow(merged);
  if (overflow) {
    return badRequest(overflow);
  }
  context.state.writeSync(sync.id, assignment.changes);
  return ok(syncDocument(sync, context.state));
}

export function enableSync(context: HandlerContext, request: SyncRequest): SimResponse {
  const check = () => checkEnableRequest(request.rawId, request.params);
  const sync = loadSync(context, request, check, 'update');
  if (isResponse(sync)) {
    return sync;
  }
  if (!isEnableTrue(request.params.enable)) {
    context.state.writeSync(sync.id, { status: 'disabled' });
  } else if (sync.status === 'disabled') {
    context.state.writeSync(sync.id, { status: 'pending' });
  }
  return ok(syncDocument(sync, context.state));
}
