/**
 * A minimal client of Node's inspector WebSocket (what a JavaScript debugger attached to `node --inspect-brk`
 * speaks), for the debugger benchmark's baseline: text frames only, as the inspector sends.
 */
import { EventEmitter } from 'node:events';
import * as http from 'node:http';
import { randomBytes } from 'node:crypto';
import type { Socket } from 'node:net';

export class InspectorSocket extends EventEmitter {
  private nextId = 1;
  private readonly pending = new Map<number, (result: any) => void>();
  private buffer = Buffer.alloc(0);

  private constructor(private readonly socket: Socket) {
    super();
    socket.on('data', (chunk) => this.receive(chunk));
  }

  static connect(url: string): Promise<InspectorSocket> {
    return new Promise((resolve, reject) => {
      const request = http.request(url.replace(/^ws:/, 'http:'), {
        headers: { Connection: 'Upgrade', Upgrade: 'websocket', 'Sec-WebSocket-Version': '13', 'Sec-WebSocket-Key': randomBytes(16).toString('base64') },
      });
      request.on('upgrade', (_response, socket) => resolve(new InspectorSocket(socket)));
      request.on('error', reject);
      request.end();
    });
  }

  send<T = any>(method: string, params: object = {}): Promise<T> {
    const id = this.nextId++;
    const payload = Buffer.from(JSON.stringify({ id, method, params }));
    const mask = randomBytes(4);
    const length = payload.length;
    const header = length < 126 ? Buffer.from([0x81, 0x80 | length]) : length < 65536 ? Buffer.from([0x81, 0x80 | 126, length >> 8, length & 255]) : undefined;
    if (!header) throw new Error('message too long for this client');
    const masked = Buffer.from(payload.map((byte, index) => byte ^ mask[index % 4]));
    this.socket.write(Buffer.concat([header, mask, masked]));
    return new Promise((resolve) => this.pending.set(id, resolve));
  }

  close(): void {
    this.socket.destroy();
  }

  private receive(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      if (this.buffer.length < 2) return;
      let length = this.buffer[1] & 127;
      let offset = 2;
      if (length === 126) {
        if (this.buffer.length < 4) return;
        length = this.buffer.readUInt16BE(2);
        offset = 4;
      } else if (length === 127) {
        if (this.buffer.length < 10) return;
        length = Number(this.buffer.readBigUInt64BE(2));
        offset = 10;
      }
      if (this.buffer.length < offset + length) return;
      const opcode = this.buffer[0] & 15;
      const payload = this.buffer.subarray(offset, offset + length).toString();
      this.buffer = this.buffer.subarray(offset + length);
      if (opcode !== 1) continue;
      const message = JSON.parse(payload);
      if (message.id !== undefined) {
        this.pending.get(message.id)?.(message.result);
        this.pending.delete(message.id);
      } else {
        this.emit(message.method, message.params);
      }
    }
  }
}
