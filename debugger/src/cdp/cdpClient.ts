import { EventEmitter } from 'node:events';
import * as readline from 'node:readline';
import type { Duplex } from 'node:stream';

export class CdpError extends Error {
  constructor(
    readonly method: string,
    readonly code: number,
    /** What the debuggee answered. */
    readonly reason: string,
  ) {
    super(`${method} failed: ${reason} (${code})`);
  }
}

interface Pending {
  method: string;
  resolve(result: any): void;
  reject(error: Error): void;
}

/**
 * A Chrome DevTools Protocol client over the host's inspector relay: one JSON message per line on a local pipe.
 * Events are emitted under their method name ('Debugger.paused', ...) with their params.
 *
 * A pipe rather than the inspector's own websocket: that TCP socket has Nagle's algorithm on, and every pause
 * then waits ~40 ms for a delayed acknowledgement.
 */
export class CdpClient extends EventEmitter {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private closed = false;

  /** The events received while nobody listened (a kept host's, before its launch), in order; undefined once released. */
  private held: (() => void)[] | undefined;

  /** `held`: keep the events until `release()` (the answers to requests come at once). */
  constructor(private readonly channel: Duplex, options: { held?: boolean } = {}) {
    super();
    this.held = options.held ? [] : undefined;
    const lines = readline.createInterface({ input: channel, crlfDelay: Infinity });
    lines.on('line', (line) => this.receive(line));
    lines.on('error', () => this.close());
    channel.on('close', () => this.close());
  }

  send<T = any>(method: string, params: object = {}): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      if (this.closed) return reject(new Error(`${method}: the debuggee is gone`));
      this.pending.set(id, { method, resolve, reject });
      this.channel.write(`${JSON.stringify({ id, method, params })}\n`);
    });
  }

  get isClosed(): boolean {
    return this.closed;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const request of this.pending.values()) request.reject(new Error(`${request.method}: the debuggee is gone`));
    this.pending.clear();
    this.channel.destroy();
    this.tell('close');
  }

  /** Emits the events held so far, in order, and from now on each as it comes. */
  release(): void {
    const held = this.held;
    this.held = undefined;
    held?.forEach((told) => told());
  }

  private tell(event: string, params?: unknown): void {
    const told = () => this.emit(event, params);
    if (this.held) this.held.push(told);
    else told();
  }

  private receive(line: string): void {
    const message = JSON.parse(line) as { id?: number; method?: string; params?: any; result?: any; error?: { code: number; message: string } };
    if (message.id !== undefined) {
      const request = this.pending.get(message.id);
      this.pending.delete(message.id);
      if (message.error) request?.reject(new CdpError(request.method, message.error.code, message.error.message));
      else request?.resolve(message.result);
    } else if (message.method) {
      this.tell(message.method, message.params);
    }
  }
}
