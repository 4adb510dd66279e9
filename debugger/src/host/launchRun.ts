import * as util from 'node:util';
import type { DurableRuntime } from 'durable-ts';
import type { HostConfig } from '../shared/hostProtocol';
import { chooseOrchestration } from './chooseOrchestration';
import { loadApp } from './loadApp';
import { report } from './reportChannel';
import type { RuntimeModules } from './runtimeModules';

/** Starts the orchestration on a runtime that replays every turn, and runs it to the end. Returns the exit code. */
export async function runLaunch(config: HostConfig, modules: RuntimeModules): Promise<number> {
  let runtime: DurableRuntime | undefined;
  const { app, state } = await loadApp(config, modules, (instanceId) => runtime?.store.getHistory(instanceId) ?? []);
  const orchestration = chooseOrchestration(app, config.orchestration, config.program);
  runtime = await modules.durable.createRuntime({
    app,
    store: config.store,
    timeSkip: config.timeSkipping,
    replayEveryTurn: config.replayEveryTurn,
    // Code paused at a breakpoint has not yielded either: the runtime's watchdog must not stop it.
    turnDeadlineMs: 0,
  });
  runtime.worker.on('history', (instanceId, name, events) => report({ kind: 'history', instanceId, name, events }));
  runtime.worker.on('log', (instanceId, level, args) => report({ kind: 'log', instanceId, level, text: util.format(...args) }));
  runtime.worker.on('error', (error) => report({ kind: 'output', text: `The runtime failed to record a turn: ${util.inspect(error)}\n` }));
  const instanceId = await runtime.client.start(orchestration, config.input, { instanceId: config.instanceId });
  const status = await runtime.client.waitForCompletion(instanceId);
  await state?.whenInPresent();
  report({
    kind: 'finished',
    instanceId,
    status: status.runtimeStatus,
    output: status.runtimeStatus === 'Completed' ? JSON.stringify(status.output) : undefined,
    failure: status.runtimeStatus === 'Completed' ? undefined : util.inspect(status.output),
  });
  await runtime.close();
  return status.runtimeStatus === 'Completed' ? 0 : 1;
}
