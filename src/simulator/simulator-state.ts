import { defaultSeed, newSyncDefaults } from './simulator-fixtures';
import type { SimulatorSeed, StoredConnector, StoredModel, StoredSync } from './simulator.types';

/** The simulator's time: a base clock plus whatever tests advanced it by. */
export class SimulatorClock {
  private offsetMs = 0;

  constructor(private readonly base: () => number = Date.now) {}

  now(): number {
    return this.base() + this.offsetMs;
  }

  nowIso(): string {
    return new Date(this.now()).toISOString();
  }

  advance(ms: number): void {
    this.offsetMs += ms;
  }
}

function deepCopy<T>(value: T): T {
  return structuredClone(value);
}

/** In-memory database of workspaces, connectors, models and syncs. */
export class SimulatorState {
  private seed: SimulatorSeed = defaultSeed();

  constructor(readonly clock: SimulatorClock) {}

  reset(): void {
    this.seed = defaultSeed();
  }

  workspaceExists(workspaceId: number): boolean {
    return this.seed.workspaceIds.includes(workspaceId);
  }

  connector(id: number): StoredConnector | undefined {
    return this.seed.connectors.find((candidate) => candidate.id === id);
  }

  model(id: number): StoredModel | undefined {
    return this.seed.models.find((candidate) => candidate.id === id);
  }

  /** The live row of a sync in a workspace, as the upstream's scoped, non-deleted lookup sees it. */
  findSyncInWorkspace(workspaceId: number, id: number): StoredSync | undefined {
    const row = this.row(id);
    return row && row.workspace_id === workspaceId && row.discarded_at === null ? row : undefined;
  }

  /** A copy of any stored sync, deleted or not. */
  getSync(id: number): StoredSync | undefined {
    const row = this.row(id);
    return row && deepCopy(row);
  }

  createSync(attributes: Partial<StoredSync>, workspaceId: number): number {
    if (!this.workspaceExists(workspaceId)) {
      this.seed.workspaceIds.push(workspaceId);
    }
    const id = Math.max(100, ...this.seed.syncs.map((row) => row.id + 1));
    const row = {
      ...newSyncDefaults(id, workspaceId, this.clock.nowIso()),
      ...deepCopy(attributes),
    };
    this.seed.syncs.push({ ...row, id, workspace_id: workspaceId });
    return id;
  }

  /** Writes columns as they are, touching `updated_at` (unless given) only when a value changed. */
  writeSync(id: number, requested: Partial<StoredSync>): boolean {
    const row = this.requireRow(id);
    const changes: Partial<StoredSync> = { ...requested };
    delete changes.id;
    const changed = Object.entries(changes).some(
      ([key, value]) => JSON.stringify(row[key as keyof StoredSync]) !== JSON.stringify(value),
    );
    if (changed) {
      Object.assign(row, { updated_at: this.clock.nowIso() }, deepCopy(changes));
    }
    return changed;
  }

  /** Soft-deletes a sync: the API then answers 404 for it. */
  discardSync(id: number): void {
    this.requireRow(id).discarded_at = this.clock.nowIso();
  }

  private row(id: number): StoredSync | undefined {
    return this.seed.syncs.find((candidate) => candidate.id === id);
  }

  private requireRow(id: number): StoredSync {
    const row = this.row(id);
    if (!row) {
      throw new Error(`SquaredSimulator: no sync ${id}`);
    }
    return row;
  }
}
