import * as path from 'node:path';
import { loadApp } from '../../host/loadApp';
import { printProgress } from '../../host/progress';
import { serveHttpApi, type HttpApiOptions, type RunningHttpApi } from '../../http/httpApi';
import { isLoopback, requireKeyOffLoopback } from '../../http/accessPolicy';
import { DurableError } from '../../api/errors';
import { createRuntime, type DurableRuntime } from '../../runtime';
import { resolveStorePath } from '../../store/storePath';
import { advertiseApi } from '../publishApi';
import { hostOptions, parse, hostRuntimeOptions } from '../options';
import { listenForStopSignals, startRuntime, reportAbandoned } from '../stopSignals';
import { UsageError } from '../usage';
import { whenStoreFails } from '../storeFailure';
import type { CliIo } from '../io';
import { DEFAULT_DEBUG_PORT, listenForDebugger } from '../debugListener';
import { relaunchWithoutNodeSnapshot, runsFromNodeSnapshot, stopWithRelauncher } from '../snapshotFreeRelaunch';

/** `serve`: run the app's orchestrations and the HTTP management API until interrupted. */
export async function serveCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(
    argv,
    {
      port: { type: 'string' }, host: { type: 'string' }, 'time-skip': { type: 'boolean' }, quiet: { type: 'boolean' },
      key: { type: 'string' }, 'no-auth': { type: 'boolean' }, debug: { type: 'boolean' }, 'debug-port': { type: 'string' }, 'allow-host': { type: 'string', multiple: true }, 'allow-origin': { type: 'string', multiple: true },
      ...hostOptions,
    },
    ['app'],
  );
  const port = Number(values.port ?? 7071);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be a port number, got '${values.port}'.`);
  const debugPort = debugPortOption(values);
  if (debugPort !== undefined && runsFromNodeSnapshot()) return relaunchWithoutNodeSnapshot();
  if (debugPort !== undefined) stopWithRelauncher();
  // Under a debugger, as in a debug session: every turn replays (breakpoints hit on every replay), and code paused
  // at a breakpoint is not a runaway turn.
  const hostSettings = debugPort === undefined ? hostRuntimeOptions(values) : { ...hostRuntimeOptions(values), turnDeadlineMs: 0, replayEveryTurn: true };
  const { shutdownTimeoutMs } = hostSettings;
  const host = (values.host as string | undefined) ?? '127.0.0.1';
  const access = accessOptions(values, host);
  const app = await loadApp(positionals[0]);
  let runtime: DurableRuntime | undefined;
  // Listening before the runtime starts work: a signal that comes while it starts stops it gracefully too.
  const signals = listenForStopSignals(io, () => runtime);
  runtime = await startRuntime(signals, () => createRuntime({ app, store: resolveStorePath(values.store as string | undefined, io.cwd), timeSkip: values['time-skip'] === true, ...hostSettings }));
  if (!values.quiet) printProgress(runtime.worker, { write: io.stderr, maxEventsPerInstance: 50 });
  const storeFailure = whenStoreFails(runtime.worker, io);
  let api: RunningHttpApi;
  try {
    api = await serveHttpApi({ client: runtime.client, port, host, ...access });
  } catch (error) {
    signals.dispose();
    await runtime.close();
    throw listenFailure(error as NodeJS.ErrnoException, host, port);
  }
  advertiseApi(runtime, api.url);
  if (!isLoopback(host)) io.stderr(offLoopbackWarning(api.url, access.key !== undefined));
  let debugListener: Awaited<ReturnType<typeof listenForDebugger>> | undefined;
  if (debugPort !== undefined) {
    try {
      debugListener = await listenForDebugger(debugPort, { program: path.resolve(positionals[0]), app, runtime, apiUrl: api.url });
    } catch (error) {
      signals.dispose();
      await api.close();
      await runtime.close();
      throw error;
    }
    io.stdout(`Debugger: attach to port ${debugListener.port} on 127.0.0.1 (the "Attach to durable-ts serve" configuration, "port": ${debugListener.port})`);
  }
  io.stdout(`Serving ${[...app.orchestrationNames(), ...app.entityNames().map((name) => `entity ${name}`)].join(', ')} on ${api.url} (store ${runtime.store.description})`);
  io.stdout(`Start one: curl -X POST ${api.url}/api/orchestrators/${app.orchestrationNames()[0]} -H 'Content-Type: application/json' -d '<input JSON>'`);
  const stop = await Promise.race([signals.received, storeFailure]);
  if (stop instanceof Error) {
    await api.close();
    // The store refuses everything now; closing it still releases its lock. Its error is the one to report.
    await runtime.close().catch(() => undefined);
    signals.dispose();
    throw stop;
  }
  const signal = stop;
  io.stderr(`Stopping: finishing running turns and activities (at most ${shutdownTimeoutMs} ms; ${signal} again exits at once) and syncing the store…`);
  await api.close();
  await debugListener?.close();
  reportAbandoned(await runtime.close(), shutdownTimeoutMs, io);
  signals.dispose();
  return 0;
}

/** `--debug` listens for a debugger on the default port, `--debug-port N` on that one (0: a free one). */
function debugPortOption(values: Record<string, unknown>): number | undefined {
  const text = values['debug-port'] as string | undefined;
  if (text === undefined) return values.debug === true ? DEFAULT_DEBUG_PORT : undefined;
  const port = Number(text);
  if (!/^\d+$/.test(text) || port > 65535) throw new UsageError(`--debug-port must be a port number, got '${text}'.`);
  return port;
}

/** The key (`--key`, else DURABLE_TS_KEY), checked against the host before the app loads, and the allowed hosts and origins. */
function accessOptions(values: Record<string, unknown>, host: string): Pick<HttpApiOptions, 'key' | 'allowUnauthenticated' | 'allowHosts' | 'allowOrigins'> {
  const key = (values.key as string | undefined) ?? (process.env.DURABLE_TS_KEY || undefined);
  const allowUnauthenticated = values['no-auth'] === true;
  if (key !== undefined && allowUnauthenticated) throw new UsageError('--key and --no-auth contradict each other: give one.');
  requireKeyOffLoopback(host, key, allowUnauthenticated);
  const list = (name: string) => ((values[name] as string[] | undefined) ?? []).flatMap((value) => value.split(',')).map((value) => value.trim()).filter(Boolean);
  return { key, allowUnauthenticated, allowHosts: list('allow-host'), allowOrigins: list('allow-origin') };
}

function offLoopbackWarning(url: string, withKey: boolean): string {
  return withKey
    ? `warning: ${url} is reachable from other machines. Every request must carry the key (x-functions-key header or code= parameter); ` +
        'the API speaks plain HTTP, so the key and your data cross the network unencrypted.'
    : `warning: ${url} is reachable from other machines with no authentication (--no-auth): ` +
        'anyone who can reach it can start, read, raise events to, terminate and purge your instances.';
}

function listenFailure(error: NodeJS.ErrnoException, host: string, port: number): Error {
  if (error.code === 'EADDRINUSE') return new DurableError(`Port ${port} on ${host} is in use. Stop what uses it, or pass another --port (--port 0 picks a free one).`);
  if (error.code === 'EACCES') return new DurableError(`Not allowed to listen on port ${port} of ${host}. Pass a port above 1023, or --port 0 for a free one.`);
  if (error.code === 'EADDRNOTAVAIL' || error.code === 'ENOTFOUND') return new DurableError(`--host ${host} is not an address of this machine. Leave it out to serve on 127.0.0.1.`);
  return error;
}
