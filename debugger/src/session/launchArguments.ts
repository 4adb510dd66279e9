import type { DebugProtocol } from '@vscode/debugprotocol';
import type { LaunchOptions } from '../runtime/replayDebugRuntime';

/** The `durable` launch configuration (see contributes.debuggers in package.json for the documented schema). */
export interface LaunchArguments extends DebugProtocol.LaunchRequestArguments, LaunchOptions {}

/** The exception breakpoint filters a user can turn on in the Breakpoints view. */
export const exceptionFilters: DebugProtocol.ExceptionBreakpointsFilter[] = [
  { filter: 'nondeterminism', label: 'Nondeterminism detected', description: 'Stop at the orchestrator line whose durable call does not match the history.', default: true },
  { filter: 'activityFailed', label: 'Activity failed', description: 'Stop when an activity throws.' },
  { filter: 'orchestrationFailed', label: 'Orchestration failed', description: 'Stop when an orchestrator throws (its instance fails).', default: true },
  { filter: 'uncaught', label: 'All uncaught exceptions', description: 'Stop on any exception nothing catches.' },
];
