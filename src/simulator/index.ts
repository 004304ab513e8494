export { SquaredSimulator } from './squared-simulator';
export type { HoldHandle } from './simulator-faults';
export type { UserOptions } from './simulator-auth';
export type {
  FaultMatcher,
  RecordedRequest,
  SimulatorFault,
  SimulatorOptions,
  SimulatorRole,
  StoredSync,
} from './simulator.types';
export { callSimulator, type CallOptions, type SimulatorCall } from './simulator-client';
