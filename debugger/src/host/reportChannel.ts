import * as fs from 'node:fs';
import { REPORT_FD, type HostReport } from '../shared/hostProtocol';

const retryPause = new Int32Array(new SharedArrayBuffer(4));

let sink: ((line: string) => void) | undefined;

/** Reports go to `send` instead of the report pipe (an attached process has none); undefined: back to the pipe. */
export function reportThrough(send: ((line: string) => void) | undefined): void {
  sink = send;
}

/**
 * Writes one report to the adapter, synchronously so that reports keep their order with the pauses they precede
 * and none is lost when the host exits right after.
 */
export function report(message: HostReport): void {
  if (sink) return sink(JSON.stringify(message));
  const bytes = Buffer.from(`${JSON.stringify(message)}\n`);
  let written = 0;
  while (written < bytes.length) {
    try {
      written += fs.writeSync(REPORT_FD, bytes, written);
    } catch (error) {
      // The pipe is full: the adapter is reading; wait a moment rather than drop a report.
      if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') throw error;
      Atomics.wait(retryPause, 0, 0, 1);
    }
  }
}
