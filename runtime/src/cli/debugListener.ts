/**
 * `serve --debug`: a debugger (the Durable TS debug adapter's `attach`) can connect to the serving process. The
 * process relays the V8 inspector protocol on a loopback TCP port, one JSON message per line, from a worker thread
 * that keeps answering while the app is paused at a breakpoint, and answers the debugger's own requests there
 * (attach and detach, the debuggee interface, versioned).
 */
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { DurableError } from '../api/errors';
import * as debugging from '../debugging';
import { DEBUG_HELLO, DEBUGGEE_INTERFACE_VERSION, DETACH_METHOD, type Debuggee } from './debuggeeInterface';
import { debuggeeRequests, type DebuggeeRequest } from './debuggerRequests';

export { DEFAULT_DEBUG_PORT } from './debuggeeInterface';

const relaySource = /* js */ `
const { parentPort, workerData } = require('node:worker_threads');
const { Session } = require('node:inspector');
const net = require('node:net');
const readline = require('node:readline');
let attached;
/** The main thread's answers to the process's own requests, by request id, for the debugger that asked. */
const answers = new Map();
parentPort.on('message', ({ id, answer }) => {
  answers.get(id)?.(answer);
  answers.delete(id);
});
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
    const answer = (reply) => socket.writable && socket.write(JSON.stringify({ id, ...reply }) + '\\n');
    // The process's own requests, which its main thread answers. A detach first resumes an app paused at a
    // breakpoint (its main thread answers nothing while paused), and nothing pauses it after.
    if (typeof method === 'string' && method.startsWith('Durable.')) {
      const ask = () => {
        answers.set(id, answer);
        parentPort.postMessage({ request: { method, params }, id });
      };
      return method === ${JSON.stringify(DETACH_METHOD)} ? session.post('Debugger.disable', ask) : ask();
    }
    session.post(method, params, (error, result) => answer(error ? { error: { code: -32000, message: error.message } } : { result: result ?? {} }));
  });
  socket.on('close', () => {
    if (attached !== socket) return;
    answers.clear();
    // The debugger went away (disconnected, or killed): the app runs on as it did before, unpaused.
    session.post('Debugger.disable', () => {
      parentPort.postMessage({ request: { method: ${JSON.stringify(DETACH_METHOD)} } });
      session.disconnect();
      attached = undefined;
    });
  });
});
server.on('error', (error) => parentPort.postMessage({ error: error.code === 'EADDRINUSE' ? 'in use' : error.message }));
server.listen(workerData.port, '127.0.0.1', () => parentPort.postMessage({ port: server.address().port }));
`;

/**
 * Listens for a debugger on 127.0.0.1 (never another address: whoever connects can run any code in the process),
 * and hands the debugger that attaches the debuggee interface. Resolves with the port once listening.
 */
export async function listenForDebugger(
  port: number,
  debuggee: Pick<Debuggee, 'program' | 'app' | 'runtime' | 'apiUrl'>,
): Promise<{ port: number; close(): Promise<void> }> {
  const answerRequest = debuggeeRequests({ ...debuggee, version: DEBUGGEE_INTERFACE_VERSION, runtimeDir: path.resolve(__dirname, '..', '..'), debugging }, require);
  const relay = new Worker(relaySource, { eval: true, workerData: { port, hello: DEBUG_HELLO, version: DEBUGGEE_INTERFACE_VERSION } });
  const answer = await new Promise<{ port?: number; error?: string }>((resolve, reject) => {
    relay.once('message', resolve);
    relay.once('error', reject);
  });
  relay.on('message', (message: { request?: DebuggeeRequest; id?: number }) => {
    if (!message.request) return;
    const answered = answerRequest(message.request);
    if (message.id !== undefined) relay.postMessage({ id: message.id, answer: answered });
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
