import { register } from 'node:module';
import { MessageChannel } from 'node:worker_threads';
import { INSPECTOR_FD, RUN_METHOD, STOP_GRACE_MS, type HostGo } from '../shared/hostProtocol';

/**
 * An inspector session on the main thread, relayed to the adapter over a local pipe, from a thread that keeps
 * running while the main thread is paused. That thread is the one Node runs module hooks on (the app's TypeScript
 * is loaded through such hooks anyway): registered as a hooks module, the relay starts in its `initialize`, and
 * the host boots no worker thread of its own, which costs as much as a Node start without its snapshot. Plain
 * JavaScript in a `data:` URL, so the host needs no second file, bundled or not.
 */
const relaySource = `
import { Session } from 'node:inspector';
import * as net from 'node:net';
import * as readline from 'node:readline';
export function initialize({ fd, runMethod, stopGraceMs, go }) {
  const session = new Session();
  session.connectToMainThread();
  const channel = new net.Socket({ fd, readable: true, writable: true });
  const send = (message) => channel.write(JSON.stringify(message) + '\\n');
  session.on('inspectorNotification', (notification) => send(notification));
  // The adapter is gone (its session ended, or it was killed): a host left paused would hold the store forever. It
  // runs on, unpaused, to stop as the session's Stop does (what it recorded made durable); killed if it cannot.
  channel.on('close', () => {
    setTimeout(() => process.kill(process.pid, 'SIGKILL'), stopGraceMs);
    session.post('Debugger.disable', () => process.kill(process.pid, 'SIGTERM'));
  });
  channel.on('error', () => {});
  readline.createInterface({ input: channel, crlfDelay: Infinity }).on('line', (line) => {
    const { id, method, params } = JSON.parse(line);
    if (method === runMethod) {
      // Answered once the main thread has taken the go. A host whose runtime failed to load never takes it: it
      // reports why and exits, and the adapter fails the launch with that reason instead of starting a session.
      go.once('message', () => {
        go.close();
        send({ id, result: {} });
      });
      return go.postMessage(params ?? {});
    }
    session.post(method, params, (error, result) =>
      send(error ? { id, error: { code: -32000, message: error.message } } : { id, result: result ?? {} }),
    );
  });
}
`;

/**
 * Starts the relay (the main thread waits until the hooks thread runs it) and resolves once the adapter has set its
 * breakpoints and says the app may run, with what the configuration set and the launch.
 */
export function startInspectorRelay(): Promise<HostGo> {
  const { port1: go, port2: goFromRelay } = new MessageChannel();
  const started = new Promise<HostGo>((resolve) => {
    go.once('message', (configuration: HostGo) => {
      go.postMessage('running');
      // From here nothing of the relay keeps the host alive: the host exits when the orchestration is done.
      go.unref();
      resolve(configuration);
    });
  });
  register(`data:text/javascript,${encodeURIComponent(relaySource)}`, {
    data: { fd: INSPECTOR_FD, runMethod: RUN_METHOD, stopGraceMs: STOP_GRACE_MS, go: goFromRelay },
    transferList: [goFromRelay],
  });
  return started;
}
