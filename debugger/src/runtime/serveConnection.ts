import * as net from 'node:net';
import { DEBUG_HELLO, DEBUGGEE_INTERFACE_VERSION } from '../../../runtime/src/cli/debuggeeInterface';

export class AttachError extends Error {}

/**
 * Connects to the debug port of a `durable-ts serve --debug` (on this machine: the port is loopback only) and greets
 * it; resolves with the socket, which then carries the inspector protocol, one JSON message per line each way.
 */
export function connectToServe(port: number, timeoutMs = 10_000): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.setNoDelay(true);
    let received = '';
    const fail = (message: string) => {
      socket.destroy();
      reject(new AttachError(message));
    };
    const timer = setTimeout(() => fail(`Port ${port} on 127.0.0.1 did not answer as a durable-ts serve --debug within ${timeoutMs / 1000} s.`), timeoutMs);
    socket.once('connect', () => socket.write(`${JSON.stringify({ hello: DEBUG_HELLO, version: DEBUGGEE_INTERFACE_VERSION })}\n`));
    socket.on('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      fail(
        error.code === 'ECONNREFUSED'
          ? `Nothing listens on port ${port} of 127.0.0.1: start the app with \`durable-ts serve <app> --debug\` (port 9329), or --debug-port ${port}.`
          : `Cannot connect to port ${port} of 127.0.0.1: ${error.message}`,
      );
    });
    const onData = (chunk: Buffer) => {
      received += chunk.toString('utf8');
      const newline = received.indexOf('\n');
      if (newline < 0) return;
      socket.off('data', onData);
      socket.removeAllListeners('error');
      clearTimeout(timer);
      const rest = received.slice(newline + 1);
      if (rest) socket.unshift(Buffer.from(rest, 'utf8'));
      let answer: { hello?: string; version?: number; error?: string };
      try {
        answer = JSON.parse(received.slice(0, newline));
      } catch {
        return fail(`Port ${port} on 127.0.0.1 is not the debug port of a durable-ts serve --debug.`);
      }
      if (answer.error) return fail(answer.error);
      if (answer.hello !== DEBUG_HELLO) return fail(`Port ${port} on 127.0.0.1 is not the debug port of a durable-ts serve --debug.`);
      if (answer.version !== DEBUGGEE_INTERFACE_VERSION) return fail(serveVersionMismatch(port, answer.version));
      socket.removeAllListeners('close');
      socket.pause();
      resolve(socket);
    };
    socket.on('data', onData);
    socket.on('close', () => {
      clearTimeout(timer);
      fail(`Port ${port} on 127.0.0.1 closed the connection: it is not the debug port of a durable-ts serve --debug.`);
    });
  });
}

/** What an attach to a `durable-ts serve --debug` of another debugging interface version says, with both versions. */
export function serveVersionMismatch(port: number, version: number | undefined): string {
  const which = `The durable-ts serve on port ${port}`;
  if (typeof version === 'number' && version > DEBUGGEE_INTERFACE_VERSION) {
    return `${which} is newer than this Durable TS extension supports: it speaks version ${version} of the debugging interface, and the extension speaks version ${DEBUGGEE_INTERFACE_VERSION}. Update the Durable TS extension.`;
  }
  return `${which} is older than this Durable TS extension supports: it speaks version ${version ?? 'unknown'} of the debugging interface, the extension needs version ${DEBUGGEE_INTERFACE_VERSION}. Update durable-ts in the app's project (npm install durable-ts@latest) and start serve again.`;
}
