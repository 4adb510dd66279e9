import type { HistoryEvent } from 'durable-ts';
import type { HostConfig } from '../shared/hostProtocol';
import { LaunchConfigurationError } from './chooseOrchestration';
import { loadApp } from './loadApp';
import { report } from './reportChannel';
import type { RuntimeModules } from './runtimeModules';

/**
 * Re-runs a recorded instance's code against its stored history, for post-mortem debugging. No worker runs, so no
 * activity executes and nothing is written: every result comes from the history.
 */
export async function runReplay(config: HostConfig, modules: RuntimeModules): Promise<number> {
  const instanceId = config.replay!.instanceId;
  const storePath = modules.durable.resolveStorePath(config.store, process.cwd());
  const store = await modules.durable.openStore({ path: storePath });
  try {
    const row = store.getInstance(instanceId);
    if (!row) throw new LaunchConfigurationError(`The store ${storePath} has no instance '${instanceId}' to replay: set "store" to the store that recorded it.`);
    const history = store.getHistory(instanceId);
    const { app, state } = await loadApp(config, modules, (id) => (id === instanceId ? history : store.getHistory(id)));
    const executor = new modules.internal.OrchestrationExecutor({
      instanceId,
      name: row.name,
      generation: row.generation,
      orchestrator: app.getOrchestrator(row.name),
    });
    await executor.replay(history);
    await state?.whenInPresent();
    // What the code does past the end of the record, computed and discarded: nothing is scheduled or stored.
    const outcome = await executor.runTurn([], lastTimestamp(history));
    const completion = outcome.completion;
    report({
      kind: 'finished',
      instanceId,
      status: `replayed ${history.length} recorded events (recorded status ${row.status}); the code now ${
        completion ? `ends ${completion.status}` : `waits on ${outcome.actions.length} new task(s)`
      }`,
      output: completion?.status === 'Completed' ? completion.output : undefined,
      failure: completion?.status === 'Failed' ? completion.failure.message : undefined,
    });
    return completion?.status === 'Failed' ? 1 : 0;
  } finally {
    await store.close();
  }
}

function lastTimestamp(history: readonly HistoryEvent[]): number {
  return history.length ? Date.parse(history[history.length - 1].Timestamp) : Date.now();
}
