/**
 * The debuggee: runs the user's app for the debug adapter, which drives the inspector through a relay on Node's
 * module-hooks thread. It waits for the adapter's go before loading the app, reports instances, history and logs on its report
 * pipe, and publishes its replay state on a global the adapter reads while it is paused. A warm host, started
 * ahead of a launch, knows only the runtime to load until the go brings the launch.
 */
import * as path from 'node:path';
import { HOST_CONFIG_ENV, type HostBoot, type HostConfig } from '../shared/hostProtocol';
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

async function main(boot: HostBoot): Promise<number> {
  // Requests the adapter makes before the replay state exists wait on the global for it.
  const early = boot.noDebug ? undefined : installEarlyEndpoint();
  // Without debugging nothing drives an inspector: the app runs at once.
  const go = boot.noDebug ? undefined : startInspectorRelay();
  // The runtime is not the user's code: it loads, and the store's engine with it, while the adapter sets
  // breakpoints through the relay; only the app waits for the go. A store that cannot load says so when opened.
  const debugging = loadDebuggingInterface(boot.program, boot.runtimeDir);
  mark('host: runtime loaded');
  const storeEngine = (boot as Partial<HostConfig>).replay?.historyFile ? Promise.resolve() : debugging.prepareStore().catch(() => {});
  void storeEngine.then(() => report({ kind: 'loaded' }));
  const configuration = await go;
  tookTheGo = true;
  const config = configuration?.launch ?? (boot as HostConfig);
  launch = config;
  // The adapter gives a warm host only launches of the runtime it loaded; anything else would run the wrong one.
  if (config.runtimeDir !== boot.runtimeDir) throw new Error(`The debug host loaded the durable-ts in ${boot.runtimeDir}, not the app's (${config.runtimeDir}).`);
  if (early && configuration) configure(early, configuration);
  mark('host: go');
  return config.replay ? runReplay(config, debugging) : runLaunch(config, debugging);
}

/** Whether the adapter's go came: a failure before it fails the launch; one after it is the app's, shown as output. */
let tookTheGo = false;
const boot = JSON.parse(process.env[HOST_CONFIG_ENV] ?? 'null') as HostBoot | null;
if (!boot) throw new Error(`The debug host needs its configuration in ${HOST_CONFIG_ENV}; it is started by the debug adapter.`);
/** The launch the host runs, once known (a warm host learns it with the go). */
let launch: HostBoot = boot;
main(boot).then(
  (exitCode) => process.exit(exitCode),
  (error: unknown) => {
    // Frames in the runtime or in this host are not where the user's problem is.
    const hostCode = [path.join(launch.runtimeDir, path.sep), path.dirname(process.argv[1]) + path.sep];
    report({ kind: 'error', message: describeLaunchFailure(error, launch.program, hostCode), beforeRun: !launch.noDebug && !tookTheGo });
    process.exit(1);
  },
);
