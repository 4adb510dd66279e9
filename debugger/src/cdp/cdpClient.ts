import { EventEmitter } from 'node:events';
import WebSocket from 'ws';

export class CdpError extends Error {
  constructor(
    readonly method: string,
    readonly code: number,
    message: string,
  ) {
    super(`${method} failed: ${message} (${code})`);
  }
}

interface Pending {
  method: string;
  resolve(result: any): void;
  reject(error: Error): void;
}

/** A cheap request whose only purpose is to carry the TCP acknowledgement of what the inspector just sent. */
const ACK_METHOD = 'Runtime.getIsolateId';

/**
 * A Chrome DevTools Protocol client over the Node inspector's websocket. Events are emitted under their method
 * name ('Debugger.paused', ...) with their params.
 *
 * Node's inspector socket has Nagle's algorithm on: when it writes a message in several segments, it waits for our
 * acknowledgement of the first, and Linux delays a bare ACK by ~40 ms. Sending anything carries the ACK at once, so
 * after each burst of incoming messages that we did not answer ourselves we send one cheap request.
 */
export class CdpClient extends EventEmitter {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly ackIds = new Set<number>();
  private sentSinceLastMessage = false;
  private ackQueued = false;

  private constructor(private readonly socket: WebSocket) {
    super();
    socket.on('message', (data) => this.receive(String(data)));
    socket.on('close', () => {
      for (const request of this.pending.values()) request.reject(new Error(`${request.method}: the debuggee closed the inspector connection`));
      this.pending.clear();
      this.emit('close');
    });
  }

  static connect(url: string): Promise<CdpClient> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(url, { perMessageDeflate: false, maxPayload: 1 << 30 });
      socket.once('open', () => {
        socket.removeListener('error', reject);
        resolve(new CdpClient(socket));
      });
      socket.once('error', reject);
    });
  }

  send<T = any>(method: string, params: object = {}): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      if (this.socket.readyState !== WebSocket.OPEN) return reject(new Error(`${method}: the debuggee is gone`));
      this.pending.set(id, { method, resolve, reject });
      this.write(id, method, params);
    });
  }

  close(): void {
    this.socket.close();
  }

  private write(id: number, method: string, params: object): void {
    this.sentSinceLastMessage = true;
    this.socket.send(JSON.stringify({ id, method, params }));
  }

  private receive(text: string): void {
    const message = JSON.parse(text) as { id?: number; method?: string; params?: any; result?: any; error?: { code: number; message: string } };
    if (message.id !== undefined && this.ackIds.delete(message.id)) return;
    this.sentSinceLastMessage = false;
    if (message.id !== undefined) {
      const request = this.pending.get(message.id);
      this.pending.delete(message.id);
      if (message.error) request?.reject(new CdpError(request.method, message.error.code, message.error.message));
      else request?.resolve(message.result);
    } else if (message.method) {
      this.emit(message.method, message.params);
    }
    this.queueAck();
  }

  private queueAck(): void {
    if (this.ackQueued) return;
    this.ackQueued = true;
    setImmediate(() => {
      this.ackQueued = false;
      if (this.sentSinceLastMessage || this.socket.readyState !== WebSocket.OPEN) return;
      const id = this.nextId++;
      this.ackIds.add(id);
      this.write(id, ACK_METHOD, {});
    });
  }
}
