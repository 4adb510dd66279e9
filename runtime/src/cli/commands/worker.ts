import { loadApp } from '../../host/loadApp';
import { printProgress } from '../../host/progress';
import { createRuntime, type DurableRuntime } from '../../runtime';
import { isPostgresUrl } from '../../store/postgres/storeUrl';
import { hostOptions, parse, hostRuntimeOptions } from '../options';
import { listenForStopSignals, startRuntime, reportAbandoned } from '../stopSignals';
import { UsageError } from '../usage';
import { whenStoreFails } from '../storeFailure';
import type { CliIo } from '../io';

/**
 * `worker`: run the app's orchestration turns and activities from a store several processes share, with no HTTP
 * API, until interrupted. Start as many as the work needs; `serve` processes on the same store work too.
 */
export async function workerCommand(argv: string[], io: CliIo): Promise<number> {
  // Known to the parser only to be refused with the reason (an unknown option's message says nothing of it).
  const { values, positionals } = parse(argv, { quiet: { type: 'boolean' }, 'time-skip': { type: 'boolean' }, ...hostOptions }, ['app']);
  if (values['time-skip'] !== undefined) {
    throw new UsageError(
      "worker takes no --time-skip: time-skipping moves one process's clock, and a worker shares its work with other processes. Use 'durable-ts run --time-skip' or 'durable-ts serve --time-skip' as the only process on the store.",
    );
  }
  const store = values.store as string | undefined;
  if (!isPostgresUrl(store)) {
    throw new UsageError(`worker needs --store postgres://USER[:PASSWORD]@HOST:PORT/DATABASE: a store other processes share (an embedded store's file has one owner; use 'serve' or 'run' on it).`);
  }
  const hostSettings = hostRuntimeOptions(values);
  const app = await loadApp(positionals[0]);
  let runtime: DurableRuntime | undefined;
  const signals = listenForStopSignals(io, () => runtime);
  runtime = await startRuntime(signals, () => createRuntime({ app, store, ...hostSettings }));
  if (!values.quiet) printProgress(runtime.worker, { write: io.stderr, maxEventsPerInstance: 50 });
  const storeFailure = whenStoreFails(runtime.worker, io);
  io.stdout(`Working on ${app.orchestrationNames().join(', ')} from ${runtime.store.description} (lease ${hostSettings.leaseMs} ms)`);
  const stop = await Promise.race([signals.received, storeFailure]);
  if (stop instanceof Error) {
    await runtime.close().catch(() => undefined);
    signals.dispose();
    throw stop;
  }
  io.stderr(`Stopping: finishing running turns and activities (at most ${hostSettings.shutdownTimeoutMs} ms; ${stop} again exits at once)…`);
  reportAbandoned(await runtime.close(), hostSettings.shutdownTimeoutMs, io);
  signals.dispose();
  return 0;
}
