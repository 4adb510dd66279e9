import { loadApp } from '../../host/loadApp';
import { printProgress } from '../../host/progress';
import { serveHttpApi, type RunningHttpApi } from '../../http/httpApi';
import { DurableError } from '../../api/errors';
import { createRuntime, type DurableRuntime } from '../../runtime';
import { SqlJsStore } from '../../store/sqljs/sqljsStore';
import { DEFAULT_STORE, hostOptions, parse, hostRuntimeOptions } from '../options';
import { listenForStopSignals, startRuntime, reportAbandoned } from '../stopSignals';
import { UsageError } from '../usage';
import type { CliIo } from '../io';

/** `serve`: run the app's orchestrations and the HTTP management API until interrupted. */
export async function serveCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(
    argv,
    { port: { type: 'string' }, host: { type: 'string' }, 'time-skip': { type: 'boolean' }, quiet: { type: 'boolean' }, ...hostOptions },
    ['app'],
  );
  const port = Number(values.port ?? 7071);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be a port number, got '${values.port}'.`);
  const hostSettings = hostRuntimeOptions(values);
  const { shutdownTimeoutMs } = hostSettings;
  const app = await loadApp(positionals[0]);
  let runtime: DurableRuntime | undefined;
  // Listening before the runtime starts work: a signal that comes while it starts stops it gracefully too.
  const signals = listenForStopSignals(io, () => runtime);
  runtime = await startRuntime(signals, () => createRuntime({ app, store: (values.store as string) ?? DEFAULT_STORE, timeSkip: values['time-skip'] === true, ...hostSettings }));
  if (!values.quiet) printProgress(runtime.worker, { write: io.stderr, maxEventsPerInstance: 50 });
  const host = (values.host as string | undefined) ?? '127.0.0.1';
  let api: RunningHttpApi;
  try {
    api = await serveHttpApi({ client: runtime.client, port, host });
  } catch (error) {
    signals.dispose();
    await runtime.close();
    throw listenFailure(error as NodeJS.ErrnoException, host, port);
  }
  if (runtime.store instanceof SqlJsStore) runtime.store.storeLock?.advertise(api.url);
  io.stdout(`Serving ${app.orchestrationNames().join(', ')} on ${api.url} (store ${runtime.store.description})`);
  io.stdout(`Start one: curl -X POST ${api.url}/api/orchestrators/${app.orchestrationNames()[0]} -H 'Content-Type: application/json' -d '<input JSON>'`);
  const signal = await signals.received;
  io.stderr(`Stopping: finishing running turns and activities (at most ${shutdownTimeoutMs} ms; ${signal} again exits at once) and syncing the store…`);
  await api.close();
  reportAbandoned(await runtime.close(), shutdownTimeoutMs, io);
  signals.dispose();
  return 0;
}

function listenFailure(error: NodeJS.ErrnoException, host: string, port: number): Error {
  if (error.code === 'EADDRINUSE') return new DurableError(`Port ${port} on ${host} is in use. Stop what uses it, or pass another --port (--port 0 picks a free one).`);
  if (error.code === 'EACCES') return new DurableError(`Not allowed to listen on port ${port} of ${host}. Pass a port above 1023, or --port 0 for a free one.`);
  if (error.code === 'EADDRNOTAVAIL' || error.code === 'ENOTFOUND') return new DurableError(`--host ${host} is not an address of this machine. Leave it out to serve on 127.0.0.1.`);
  return error;
}
