import * as util from 'node:util';
import type { DurableRuntime } from 'durable-ts';
import type { HostConfig } from '../shared/hostProtocol';
import { chooseOrchestration, LaunchConfigurationError } from './chooseOrchestration';
import { loadApp } from './loadApp';
import { publishApi } from './publishApi';
import { report } from './reportChannel';
import type { DebuggingInterface } from './debuggingInterface';
import { stopOnRequest } from './stopOnRequest';
import { mark } from '../shared/timeline';

const FINISHED_STATUSES = ['Completed', 'Failed', 'Terminated'];

/**
 * Starts the orchestration on a runtime that replays every turn, or continues the unfinished instance the launch
 * names, and runs it to the end. Returns the exit code.
 */
export async function runLaunch(config: HostConfig, debugging: DebuggingInterface): Promise<number> {
  let runtime: DurableRuntime | undefined;
  const store = debugging.resolveStorePath(config.store, process.cwd());
  const { app, state } = await loadApp(config, debugging, (instanceId) => (runtime ? debugging.historyNow(runtime.store, instanceId) : []));
  mark('host: app loaded');
  runtime = await debugging
    // Code paused at a breakpoint has not yielded either: the runtime's watchdog must not stop it.
    .createRuntime({ app, store, timeSkip: config.timeSkipping, replayEveryTurn: config.replayEveryTurn, turnDeadlineMs: 0 })
    .catch((error: NodeJS.ErrnoException) => {
      // The runtime's own errors (a store in use, a damaged one) say what to do; one about the store's place needs the
      // launch's field named. An older durable-ts gives the bare file system error, a newer one its StoreInaccessibleError.
      if (error.syscall) throw new LaunchConfigurationError(`Cannot open the store ${store} ("store" in the launch configuration): ${error.message}`);
      if (error.name === 'StoreInaccessibleError') throw new LaunchConfigurationError(`The launch configuration's "store": ${error.message}`);
      throw error;
    });
  mark('host: runtime created');
  // Served while the orchestration starts: the first stop does not wait for the HTTP server, which names its
  // address when it listens. A server that cannot listen fails the run at its end.
  report({ kind: 'store', path: store });
  const api = publishApi(runtime, debugging, store);
  api.catch(() => {});
  let instanceId: string | undefined;
  stopOnRequest(runtime, api, () => instanceId, state);
  runtime.worker.on('history', (id, name, events) => report({ kind: 'history', instanceId: id, name, events, waitingFor: state?.awaitedEvents(id) }));
  runtime.worker.on('log', (id, level, args) => report({ kind: 'log', instanceId: id, level, text: util.format(...args) }));
  runtime.worker.on('error', (error) => report({ kind: 'output', text: `The runtime failed to record a turn: ${util.inspect(error)}\n` }));
  instanceId = await startOrContinue(runtime, config, app);
  mark('host: instance started');
  const status = await runtime.client.waitForCompletion(instanceId);
  await state?.whenInPresent();
  report({
    kind: 'finished',
    instanceId,
    status: status.runtimeStatus,
    output: status.runtimeStatus === 'Completed' ? JSON.stringify(status.output) : undefined,
    failure: status.runtimeStatus === 'Completed' ? undefined : util.inspect(status.output),
  });
  await (await api).close();
  await runtime.close();
  return status.runtimeStatus === 'Completed' ? 0 : 1;
}

/** A launch on an unfinished instance of the store continues it (the worker has picked its work up already). */
async function startOrContinue(runtime: DurableRuntime, config: HostConfig, app: Parameters<typeof chooseOrchestration>[0]): Promise<string> {
  const recorded = config.instanceId ? await runtime.store.getInstance(config.instanceId) : undefined;
  if (recorded && !FINISHED_STATUSES.includes(recorded.status)) {
    const historyLength = (await runtime.store.getHistory(recorded.instanceId)).length;
    report({ kind: 'continuing', instanceId: recorded.instanceId, name: recorded.name, status: recorded.status, historyLength });
    return recorded.instanceId;
  }
  const orchestration = chooseOrchestration(app, config.orchestration, config.program);
  return runtime.client.start(orchestration, config.input, { instanceId: config.instanceId });
}
