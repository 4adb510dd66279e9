/**
 * The debuggee: runs the user's app for the debug adapter, which drives the inspector through a relay on Node's
 * module-hooks thread. It waits for the adapter's go before loading the app, reports instances, history and logs on its report
 * pipe, and publishes its replay state on a global the adapter reads while it is paused.
 */
import * as path from 'node:path';
import { HOST_CONFIG_ENV, type HostConfig } from '../shared/hostProtocol';
import { startInspectorRelay } from './inspectorRelay';
import { describeLaunchFailure } from './launchFailure';
import { runLaunch } from './launchRun';
import { report } from './reportChannel';
import { runReplay } from './replayRun';
import { loadDebuggingInterface } from './debuggingInterface';
import { configure, installEarlyEndpoint } from './earlyEndpoint';
import { mark } from '../shared/timeline';
mark('host: process started', performance.timeOrigin);
mark('host: script running');

async function main(config: HostConfig): Promise<number> {
  // Requests the adapter makes before the replay state exists wait on the global for it.
  const early = config.noDebug ? undefined : installEarlyEndpoint();
  // Without debugging nothing drives an inspector: the app runs at once.
  const go = config.noDebug ? undefined : startInspectorRelay();
  // The runtime is not the user's code: it loads, and the store's engine with it, while the adapter sets
  // breakpoints through the relay; only the app waits for the go. A store that cannot load says so when opened.
  const debugging = loadDebuggingInterface(config.program, config.runtimeDir);
  if (!config.replay?.historyFile) debugging.prepareStore().catch(() => {});
  mark('host: runtime loaded');
  const configuration = await go;
  tookTheGo = true;
  if (early && configuration) configure(early, configuration);
  mark('host: go');
  return config.replay ? runReplay(config, debugging) : runLaunch(config, debugging);
}

/** Whether the adapter's go came: a failure before it fails the launch; one after it is the app's, shown as output. */
let tookTheGo = false;
const config = JSON.parse(process.env[HOST_CONFIG_ENV] ?? 'null') as HostConfig | null;
if (!config) throw new Error(`The debug host needs its configuration in ${HOST_CONFIG_ENV}; it is started by the debug adapter.`);
main(config).then(
  (exitCode) => process.exit(exitCode),
  (error: unknown) => {
    // Frames in the runtime or in this host are not where the user's problem is.
    const hostCode = [path.join(config.runtimeDir, path.sep), path.dirname(process.argv[1]) + path.sep];
    report({ kind: 'error', message: describeLaunchFailure(error, config.program, hostCode), beforeRun: !config.noDebug && !tookTheGo });
    process.exit(1);
  },
);
