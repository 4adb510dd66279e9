import { Worker } from 'node:worker_threads';
import { INSPECTOR_FD, RUN_METHOD, STOP_GRACE_MS } from '../shared/hostProtocol';

/**
 * Runs in a worker thread, which keeps running while the main thread is paused: an inspector session on the main
 * thread, relayed to the adapter over a local pipe. Plain JavaScript evaluated as the worker's source, so the
 * host needs no second file, bundled or not.
 */
const relaySource = `
const { parentPort, workerData } = require('node:worker_threads');
const { Session } = require('node:inspector');
const net = require('node:net');
const readline = require('node:readline');
const session = new Session();
session.connectToMainThread();
const channel = new net.Socket({ fd: workerData.fd, readable: true, writable: true });
const send = (message) => channel.write(JSON.stringify(message) + '\\n');
session.on('inspectorNotification', (notification) => send(notification));
// The adapter is gone (its session ended, or it was killed): a host left paused would hold the store forever. It
// runs on, unpaused, to stop as the session's Stop does (what it recorded made durable); killed if it cannot.
channel.on('close', () => {
  setTimeout(() => process.kill(process.pid, 'SIGKILL'), workerData.stopGraceMs);
  session.post('Debugger.disable', () => process.kill(process.pid, 'SIGTERM'));
});
channel.on('error', () => {});
readline.createInterface({ input: channel, crlfDelay: Infinity }).on('line', (line) => {
  const { id, method, params } = JSON.parse(line);
  if (method === workerData.runMethod) {
    parentPort.postMessage('run');
    return send({ id, result: {} });
  }
  session.post(method, params, (error, result) =>
    send(error ? { id, error: { code: -32000, message: error.message } } : { id, result: result ?? {} }),
  );
});
`;

/** Starts the relay and resolves once the adapter has set its breakpoints and says the app may run. */
export function startInspectorRelay(): Promise<void> {
  const relay = new Worker(relaySource, { eval: true, workerData: { fd: INSPECTOR_FD, runMethod: RUN_METHOD, stopGraceMs: STOP_GRACE_MS } });
  return new Promise((resolve, reject) => {
    relay.once('error', reject);
    relay.once('message', () => {
      // From here the relay must not keep the host alive: the host exits when the orchestration is done.
      relay.unref();
      resolve();
    });
  });
}
