import { randomUUID } from 'node:crypto';
import { loadApp } from '../../host/loadApp';
import { printProgress } from '../../host/progress';
import { createRuntime, type DurableRuntime } from '../../runtime';
import { isTerminal } from '../../client/status';
import { UnknownOrchestrationError } from '../../api/errors';
import type { OrchestrationStatus } from '../../api/types';
import { resolveStorePath } from '../../store/storePath';
import { DEFAULT_STORE, hostOptions, jsonOption, parse, hostRuntimeOptions } from '../options';
import { listenForStopSignals, startRuntime, reportAbandoned, signalExitCode } from '../stopSignals';
import { publishRunApi } from '../publishApi';
import { whenStoreFails } from '../storeFailure';
import type { CliIo } from '../io';

/** `run`: start (or, after a crash, resume) one instance and follow it to the end. */
export async function runCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(
    argv,
    { input: { type: 'string' }, 'instance-id': { type: 'string' }, 'time-skip': { type: 'boolean' }, quiet: { type: 'boolean' }, ...hostOptions },
    ['app', 'orchestration'],
  );
  const [appFile, orchestration] = positionals;
  const input = jsonOption(values.input, 'input');
  const hostSettings = hostRuntimeOptions(values);
  const { shutdownTimeoutMs } = hostSettings;
  const app = await loadApp(appFile);
  let runtime: DurableRuntime | undefined;
  // Listening before the runtime starts work: a signal that comes while it starts stops it gracefully too.
  const signals = listenForStopSignals(io, () => runtime);
  runtime = await startRuntime(signals, () => createRuntime({ app, store: resolveStorePath(values.store as string | undefined, io.cwd), timeSkip: values['time-skip'] === true, ...hostSettings }));
  // Listened for from the start: a journal write that fails (EIO) ends the run with the store's message, not a crash.
  const storeFailure = whenStoreFails(runtime.worker, io);
  let failed = false;
  let api: Awaited<ReturnType<typeof publishRunApi>> | undefined;
  try {
    api = await publishRunApi(runtime);
    if (!values.quiet) printProgress(runtime.worker, { write: io.stderr, maxEventsPerInstance: 200 });
    const requestedId = values['instance-id'] as string | undefined;
    const existing = requestedId ? await runtime.client.getStatus(requestedId) : undefined;
    const resuming = existing && !isTerminal(existing.runtimeStatus);
    if (!existing && !app.hasOrchestration(orchestration)) throw new UnknownOrchestrationError(orchestration, app.orchestrationNames());
    // Named before it starts, so this line comes ahead of the instance's first progress events.
    const instanceId = requestedId ?? randomUUID().replace(/-/g, '');
    let status: OrchestrationStatus | NodeJS.Signals | Error;
    if (existing && !resuming) {
      // The same command again after a host died once its instance had finished (while it closed the store, before
      // it printed): starting over would run every activity again and replace the recorded history.
      io.stderr(
        `${existing.name} (${instanceId}) finished before (${existing.runtimeStatus}) on ${runtime.store.description}: its recorded result follows, and nothing runs again. ` +
          `To run it anew: 'durable-ts restart ${instanceId} --same-id --store ${values.store ?? DEFAULT_STORE}'.`,
      );
      status = existing;
    } else {
      io.stderr(`${resuming ? 'Resuming' : 'Starting'} ${orchestration} (${instanceId}) on ${runtime.store.description}`);
      if (!resuming) await runtime.client.start(orchestration, input, { instanceId });
      const idle = whenNothingLeftToRun();
      status = await Promise.race([
        runtime.client.waitForCompletion(instanceId),
        idle.reached.then(async () => (await runtime.client.getStatus(instanceId))!),
        signals.received,
        storeFailure,
      ]).finally(idle.cancel);
    }
    if (status instanceof Error) throw status;
    if (typeof status === 'string') {
      io.stderr(
        `${status}: stopping (waiting at most ${shutdownTimeoutMs} ms for running work; ${status} again exits at once). ` +
          `Continue ${orchestration} (${instanceId}) with 'durable-ts run ${appFile} ${orchestration} --instance-id ${instanceId} --store ${values.store ?? DEFAULT_STORE}'.`,
      );
      return signalExitCode(status);
    }
    if (!isTerminal(status.runtimeStatus)) {
      const store = `--store ${values.store ?? DEFAULT_STORE}`;
      io.stderr(
        `${orchestration} (${instanceId}) is ${status.runtimeStatus} and nothing in this process can move it on: it waits for an event ` +
          `(or, suspended, for resume). Raise it with 'durable-ts raise ${instanceId} <event> --data <JSON> ${store}', then continue it with ` +
          `'durable-ts run ${appFile} ${orchestration} --instance-id ${instanceId} ${store}'; or serve the app ('durable-ts serve') and use its HTTP API.`,
      );
      return 1;
    }
    io.stderr(`${orchestration} (${instanceId}) ${status.runtimeStatus}`);
    io.stdout(JSON.stringify(status.output, null, 2));
    return status.runtimeStatus === 'Completed' ? 0 : 1;
  } catch (error) {
    failed = true;
    throw error;
  } finally {
    await api?.close();
    // A run that already fails reports that error: a failed store also refuses the final sync, but closing it still
    // releases its lock.
    const abandoned = await runtime.close().catch((error: unknown) => {
      if (!failed) throw error;
    });
    if (abandoned) reportAbandoned(abandoned, shutdownTimeoutMs, io);
    signals.dispose();
  }
}

/**
 * Resolves once this process has nothing left to do (no activity, timer or commit pending): an unfinished
 * instance then waits for something only another process can give it, and waiting on would let Node exit
 * silently with code 0.
 */
function whenNothingLeftToRun(): { reached: Promise<void>; cancel(): void } {
  let onBeforeExit!: () => void;
  const reached = new Promise<void>((resolve) => (onBeforeExit = resolve));
  process.once('beforeExit', onBeforeExit);
  return { reached, cancel: () => process.off('beforeExit', onBeforeExit) };
}
