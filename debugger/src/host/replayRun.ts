import type { HistoryEvent } from 'durable-ts';
import type { HostConfig } from '../shared/hostProtocol';
import { LaunchConfigurationError } from './chooseOrchestration';
import { readChildHistories } from './childHistories';
import { readHistoryFile } from './historyFile';
import { loadApp } from './loadApp';
import { report } from './reportChannel';
import type { DebuggingInterface } from './debuggingInterface';

/** A recorded instance to re-run: from a store, or from an exported history file. */
interface Recording {
  instanceId: string;
  name: string;
  generation: number;
  recordedStatus: string;
  history: HistoryEvent[];
  /** Other instances' histories (a store has its sub-orchestrations'; a file has none). */
  historyOf(instanceId: string): HistoryEvent[];
  close(): Promise<void>;
}

/**
 * Re-runs a recorded instance's code against its history, for post-mortem debugging. No worker runs, so no
 * activity executes and nothing is written: every result comes from the history.
 */
export async function runReplay(config: HostConfig, debugging: DebuggingInterface): Promise<number> {
  const recording = await openRecording(config, debugging);
  try {
    const { instanceId, history } = recording;
    const { app, state } = await loadApp(config, debugging, (id) => (id === instanceId ? history : recording.historyOf(id)));
    if (!app.hasOrchestration(recording.name)) {
      throw new LaunchConfigurationError(`The recorded instance ran orchestration '${recording.name}', which ${config.program} does not register. It registers: ${app.orchestrationNames().join(', ')}.`);
    }
    const executor = debugging.createExecutor({
      instanceId,
      name: recording.name,
      generation: recording.generation,
      orchestrator: app.getOrchestrator(recording.name),
    });
    await executor.replay(history);
    await state?.whenInPresent();
    // What the code does past the end of the record, computed and discarded: nothing is scheduled or stored.
    const outcome = await executor.runTurn([], lastTimestamp(history));
    const completion = outcome.completion;
    report({
      kind: 'finished',
      instanceId,
      status: `replayed ${history.length} recorded events (recorded status ${recording.recordedStatus}); the code now ${
        completion ? `ends ${completion.status}` : `waits on ${outcome.actions.length} new task(s)`
      }`,
      output: completion?.status === 'Completed' ? completion.output : undefined,
      failure: completion?.status === 'Failed' ? completion.failure.message : undefined,
    });
    return completion?.status === 'Failed' ? 1 : 0;
  } finally {
    await recording.close();
  }
}

async function openRecording(config: HostConfig, debugging: DebuggingInterface): Promise<Recording> {
  const { instanceId, historyFile } = config.replay!;
  if (historyFile) {
    const exported = readHistoryFile(historyFile);
    // The file does not say the instance's generation (continue-as-new count), which only `ctx.newGuid()` reads.
    return { ...exported, generation: 0, historyOf: () => [], close: async () => {} };
  }
  if (!instanceId) throw new LaunchConfigurationError('A replay launch needs "replay": { "instanceId": "…" } with "store", or { "historyFile": "…" }.');
  const storePath = debugging.resolveStorePath(config.store, process.cwd());
  const store = await debugging.openStore({ path: storePath });
  const row = await store.getInstance(instanceId);
  if (!row) {
    await store.close();
    throw new LaunchConfigurationError(`The store ${storePath} has no instance '${instanceId}' to replay: set "store" to the store that recorded it.`);
  }
  const history = await store.getHistory(instanceId);
  const children = await readChildHistories(store, history);
  return {
    instanceId,
    name: row.name,
    generation: row.generation,
    recordedStatus: row.status,
    history,
    historyOf: (id) => children.get(id) ?? debugging.historyNow(store, id),
    close: () => store.close(),
  };
}

function lastTimestamp(history: readonly HistoryEvent[]): number {
  return history.length ? Date.parse(history[history.length - 1].Timestamp) : Date.now();
}
