/**
 * `serve --debug`: a debugger (the Durable TS debug adapter's `attach`) can connect to the serving process. The
 * process publishes what a debugger needs on a global (the debuggee interface, versioned) and relays the V8
 * inspector protocol on a loopback TCP port, one JSON message per line, from a worker thread that keeps answering
 * while the app is paused at a breakpoint.
 */
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { DurableApp } from '../api/app';
import { DurableError } from '../api/errors';
import * as debugging from '../debugging';
import { DEBUG_HELLO, DEBUGGEE_INTERFACE_VERSION, DEBUGGEE_KEY, type AppFunctions, type Debuggee } from './debuggeeInterface';

export { DEFAULT_DEBUG_PORT } from './debuggeeInterface';

/** An app that forwards to the user's, or to a debugger's instrumented copy while one is attached. */
export function switchableApp(app: DurableApp): { app: DurableApp; use(app: AppFunctions | undefined): void } {
  let current: AppFunctions = app;
  const forwarding: AppFunctions = {
    getOrchestrator: (name) => current.getOrchestrator(name),
    getActivity: (name) => current.getActivity(name),
    hasOrchestration: (name) => current.hasOrchestration(name),
    orchestrationNames: () => current.orchestrationNames(),
    activityNames: () => current.activityNames(),
    getEntity: (name) => (current.getEntity ? current.getEntity(name) : app.getEntity(name)),
    hasEntity: (name) => (current.hasEntity ? current.hasEntity(name) : app.hasEntity(name)),
    entityNames: () => (current.entityNames ? current.entityNames() : app.entityNames()),
  };
  return { app: forwarding as DurableApp, use: (replacement) => (current = replacement ?? app) };
}

const relaySource = `
const { parentPort, workerData } = require('node:worker_threads');
const { Session } = require('node:inspector');
const net = require('node:net');
const readline = require('node:readline');
let attached;
const server = net.createServer((socket) => {
  socket.setNoDelay(true);
  socket.on('error', () => {});
  // One debugger at a time: a second is told so and closed.
  if (attached) return socket.end(JSON.stringify({ error: 'Another debugger is attached to this process.' }) + '\\n');
  let session;
  const lines = readline.createInterface({ input: socket, crlfDelay: Infinity });
  lines.on('line', (line) => {
    let message;
    try {
      message = JSON.parse(line);
    } catch {
      return socket.destroy(); // not a debugger: an HTTP request, say
    }
    if (!session) {
      if (message.hello !== workerData.hello) return socket.destroy();
      attached = socket;
      session = new Session();
      session.connectToMainThread();
      session.on('inspectorNotification', (notification) => socket.write(JSON.stringify(notification) + '\\n'));
      return socket.write(JSON.stringify({ hello: workerData.hello, version: workerData.version }) + '\\n');
    }
    const { id, method, params } = message;
    session.post(method, params, (error, result) =>
      socket.writable && socket.write(JSON.stringify(error ? { id, error: { code: -32000, message: error.message } } : { id, result: result ?? {} }) + '\\n'),
    );
  });
  socket.on('close', () => {
    if (attached !== socket) return;
    // The debugger went away (disconnected, or killed): the app runs on as it did before, unpaused.
    const detach = 'globalThis[Symbol.for("durable-ts.debuggee")]?.detach?.()';
    session.post('Runtime.evaluate', { expression: detach }, () => session.post('Debugger.disable', () => {
      session.disconnect();
      attached = undefined;
    }));
  });
});
server.on('error', (error) => parentPort.postMessage({ error: error.code === 'EADDRINUSE' ? 'in use' : error.message }));
server.listen(workerData.port, '127.0.0.1', () => parentPort.postMessage({ port: server.address().port }));
`;

/**
 * Publishes the debuggee interface and listens for a debugger on 127.0.0.1 (never another address: whoever
 * connects can run any code in the process). Resolves with the port once listening.
 */
export async function listenForDebugger(
  port: number,
  debuggee: Pick<Debuggee, 'program' | 'app' | 'runtime' | 'apiUrl' | 'useApp'>,
): Promise<{ port: number; close(): Promise<void> }> {
  const published: Debuggee = { ...debuggee, version: DEBUGGEE_INTERFACE_VERSION, runtimeDir: path.resolve(__dirname, '..', '..'), debugging, require };
  (globalThis as Record<symbol, unknown>)[DEBUGGEE_KEY] = published;
  const relay = new Worker(relaySource, { eval: true, workerData: { port, hello: DEBUG_HELLO, version: DEBUGGEE_INTERFACE_VERSION } });
  const answer = await new Promise<{ port?: number; error?: string }>((resolve, reject) => {
    relay.once('message', resolve);
    relay.once('error', reject);
  });
  if (answer.error) {
    await relay.terminate();
    if (answer.error === 'in use') throw new DurableError(`--debug-port ${port} on 127.0.0.1 is in use. Pass another --debug-port (0 picks a free one).`);
    throw new DurableError(`Cannot listen for a debugger on 127.0.0.1:${port}: ${answer.error}`);
  }
  // The relay must not keep the process alive: serve stops on its signal, attached or not.
  relay.unref();
  return { port: answer.port!, close: async () => void (await relay.terminate()) };
}
