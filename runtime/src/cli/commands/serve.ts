import { loadApp } from '../../host/loadApp';
import { printProgress } from '../../host/progress';
import { serveHttpApi } from '../../http/httpApi';
import { createRuntime } from '../../runtime';
import { SqlJsStore } from '../../store/sqljs/sqljsStore';
import { DEFAULT_STORE, parse } from '../options';
import { UsageError } from '../usage';
import type { CliIo } from '../io';

/** `serve`: run the app's orchestrations and the HTTP management API until interrupted. */
export async function serveCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(
    argv,
    { port: { type: 'string' }, host: { type: 'string' }, 'time-skip': { type: 'boolean' }, quiet: { type: 'boolean' } },
    ['app'],
  );
  const port = Number(values.port ?? 7071);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be a port number, got '${values.port}'.`);
  const app = await loadApp(positionals[0]);
  const runtime = await createRuntime({ app, store: (values.store as string) ?? DEFAULT_STORE, timeSkip: values['time-skip'] === true });
  if (!values.quiet) printProgress(runtime.worker, { write: io.stderr, maxEventsPerInstance: 50 });
  const api = await serveHttpApi({ client: runtime.client, port, host: values.host as string | undefined });
  if (runtime.store instanceof SqlJsStore) runtime.store.storeLock?.advertise(api.url);
  io.stdout(`Serving ${app.orchestrationNames().join(', ')} on ${api.url} (store ${runtime.store.description})`);
  io.stdout(`Start one: curl -X POST ${api.url}/api/orchestrators/${app.orchestrationNames()[0]} -H 'Content-Type: application/json' -d '<input JSON>'`);
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  io.stderr('Stopping: finishing running turns and syncing the store…');
  await api.close();
  await runtime.close();
  return 0;
}
