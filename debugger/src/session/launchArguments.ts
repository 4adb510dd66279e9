import type { DebugProtocol } from '@vscode/debugprotocol';
import type { AttachOptions, LaunchOptions } from '../runtime/replayDebugRuntime';

/** The `durable` launch configuration (see contributes.debuggers in package.json for the documented schema). */
export interface LaunchArguments extends DebugProtocol.LaunchRequestArguments, LaunchOptions {}

/** The `durable` attach configuration: a running `durable-ts serve --debug`. */
export interface AttachArguments extends DebugProtocol.AttachRequestArguments, AttachOptions {}

/** The exception breakpoint filters a user can turn on in the Breakpoints view. */
export const exceptionFilters: DebugProtocol.ExceptionBreakpointsFilter[] = [
  { filter: 'nondeterminism', label: 'Nondeterminism detected', description: 'Stop at the orchestrator line whose durable call does not match the history.', default: true },
  { filter: 'activityFailed', label: 'Activity failed', description: 'Stop where an activity throws the exception it fails with, with its locals.' },
  { filter: 'orchestrationFailed', label: 'Orchestration failed', description: 'Stop where an orchestrator throws the exception its instance fails with.', default: true },
  { filter: 'caught', label: 'Caught exceptions', description: 'Stop on every exception thrown in your code that your code catches (a failed activity caught by the orchestrator, say).' },
  { filter: 'uncaught', label: 'All uncaught exceptions', description: 'Stop on every exception your code does not catch: the failures of activities and orchestrators, and any other.' },
];
