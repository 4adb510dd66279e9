/**
 * The debuggee: runs the user's app for the debug adapter, which drives the inspector through a relay in a worker
 * thread. It waits for the adapter's go before loading the app, reports instances, history and logs on its report
 * pipe, and publishes its replay state on a global the adapter reads while it is paused.
 */
import { HOST_CONFIG_ENV, type HostConfig } from '../shared/hostProtocol';
import { startInspectorRelay } from './inspectorRelay';
import { runLaunch } from './launchRun';
import { report } from './reportChannel';
import { runReplay } from './replayRun';
import { loadRuntimeModules } from './runtimeModules';

async function main(): Promise<number> {
  const config = JSON.parse(process.env[HOST_CONFIG_ENV] ?? 'null') as HostConfig | null;
  if (!config) throw new Error(`The debug host needs its configuration in ${HOST_CONFIG_ENV}; it is started by the debug adapter.`);
  // Without debugging nothing drives an inspector: the app runs at once.
  if (!config.noDebug) await startInspectorRelay();
  const modules = loadRuntimeModules(config.runtimeDir, config.program);
  return config.replay ? runReplay(config, modules) : runLaunch(config, modules);
}

main().then(
  (exitCode) => process.exit(exitCode),
  (error: unknown) => {
    report({ kind: 'error', message: describeFailure(error) });
    process.exit(1);
  },
);

/** A typed error (a bad launch, an app that does not load) says it all; anything else needs its stack to be found. */
function describeFailure(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const builtIn = ['Error', 'TypeError', 'ReferenceError', 'RangeError', 'SyntaxError'].includes(error.name);
  return builtIn ? error.stack ?? error.message : `${error.name}: ${error.message}`;
}
