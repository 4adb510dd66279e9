import type { DurableApp, HistoryEvent } from 'durable-ts';
import type { HostConfig } from '../shared/hostProtocol';
import type { DebugState } from './debugState';
import { installDebugState } from './installDebugState';
import { report } from './reportChannel';
import type { DebuggingInterface } from './debuggingInterface';

export interface LoadedApp {
  /** The user's app, which the runtime reports on to the debug state through its debugging interface. */
  app: DurableApp;
  /** The replay state the adapter reads; none without debugging. */
  state?: DebugState;
}

/**
 * Loads the user's app. For debugging, the debug state is installed before the app loads (breakpoint conditions
 * read it from the first line of user code); without debugging the app runs untouched, with nothing observing it.
 */
export async function loadApp(config: HostConfig, debugging: DebuggingInterface, recordedHistory: (instanceId: string) => HistoryEvent[]): Promise<LoadedApp> {
  if (config.noDebug) return { app: await debugging.loadApp(config.program) };
  let app: DurableApp | undefined;
  const { state } = installDebugState(debugging, { stopOnEntry: config.stopOnEntry, historyBreakpoints: config.historyBreakpoints ?? [], recordedHistory, app: () => app! });
  app = await debugging.loadApp(config.program);
  report({ kind: 'app', orchestrations: app.orchestrationNames(), activities: app.activityNames() });
  return { app, state };
}
